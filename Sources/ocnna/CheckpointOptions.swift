import ArgumentParser
import Datasets
import Engine
import Foundation
import Models
import Pipeline

/// The options that name a checkpoint, how to build its network and how to normalise
/// its inputs.
struct CheckpointOptions: ParsableArguments {
  @Option(help: "The .safetensors checkpoint.") var checkpoint: String
  @Option(
    help:
      "Build this zoo architecture and load the checkpoint into it by name (for checkpoints without ocnna's structure, such as converted PyTorch ones)."
  )
  var model: String?
  @Option(
    help:
      "Input normalisation: checkpoint (its own, the default), dataset, imagenet, or MEAN,…/STD,… per channel."
  )
  var normalization = "checkpoint"

  /// The network and its normalisation for images of `dataset` (named by `reference`).
  func load(for dataset: ImageDataset, reference: DatasetReference) throws -> (
    Network, Normalization
  ) {
    let url = URL(fileURLWithPath: checkpoint)
    let file = try SafeTensorsFile(contentsOf: url)
    var network: Network
    if let model {
      network = try ModelSpec(
        architecture: model, classCount: dataset.classCount, inputSize: dataset.imageShape[1],
        inputChannels: dataset.imageShape[0]
      ).build()
      try Checkpoint.loadState(into: &network, from: file)
    } else {
      network = try Checkpoint.load(from: url)
    }
    guard network.inputShape == dataset.imageShape else {
      throw ValidationError(
        "the network takes \(network.inputShape) inputs but \(dataset.name) images are \(dataset.imageShape)"
      )
    }
    let descriptor = try DatasetCatalog.descriptor(reference.name)
    return (
      network,
      try NormalizationChoice.resolve(
        normalization, metadata: file.metadata, dataset: descriptor.normalization,
        channels: dataset.imageShape[0])
    )
  }
}
