import Datasets
import Engine
import Foundation
import Models

/// A trained network as a command names it: the safetensors file, the zoo architecture to
/// load it into when the file carries no ocnna structure, and the input normalisation.
public struct CheckpointSource: Sendable {
  public var checkpoint: String
  /// A zoo architecture to build and load the tensors into by name.
  public var model: String?
  /// `checkpoint` (its own), `dataset`, `imagenet` or `MEAN,…/STD,…`.
  public var normalization: String

  public init(checkpoint: String, model: String?, normalization: String) {
    self.checkpoint = checkpoint
    self.model = model
    self.normalization = normalization
  }

  /// The network and its normalisation for images of `dataset`.
  func load(for dataset: ImageDataset, source: DatasetSource) throws -> (Network, Normalization) {
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
      throw TaskError(
        "\(checkpoint): the network takes \(network.inputShape) inputs but \(dataset.name) images are \(dataset.imageShape); name the dataset it was trained on"
      )
    }
    return (
      network,
      try NormalizationChoice.resolve(
        normalization, metadata: file.metadata, dataset: source.catalogueNormalization(),
        channels: dataset.imageShape[0])
    )
  }

  /// The zoo architecture and width the checkpoint records, if it records them.
  public func recordedModel() -> (architecture: String, width: Double)? {
    let metadata = (try? SafeTensorsFile(contentsOf: URL(fileURLWithPath: checkpoint)))?.metadata
    let spec = metadata?[CheckpointMetadata.model].flatMap {
      try? JSONDecoder().decode(ModelSpec.self, from: Data($0.utf8))
    }
    return spec.map { ($0.architecture, $0.width) }
  }
}
