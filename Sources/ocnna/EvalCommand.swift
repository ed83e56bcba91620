import ArgumentParser
import Datasets
import Engine
import Foundation
import Models
import Pipeline

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Top-1, top-5 and per-class accuracy of a checkpoint on a dataset's test split.")

  @Option(help: "The .safetensors checkpoint.") var checkpoint: String
  @OptionGroup var data: DatasetOptions
  @OptionGroup var threading: ThreadOptions
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
  @Option(help: "The split to evaluate.") var split = "test"
  @Option(help: "Also write the evaluation as JSON to this file.") var json: String?

  func run() throws {
    threading.apply()
    let url = URL(fileURLWithPath: checkpoint)
    let file = try SafeTensorsFile(contentsOf: url)
    let dataset = try data.load(split: split, seed: 0)
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
    let chosen = try chooseNormalization(file: file)
    guard network.inputShape == dataset.imageShape else {
      throw ValidationError(
        "the network takes \(network.inputShape) inputs but \(dataset.name) images are \(dataset.imageShape)"
      )
    }
    let line = ProgressLine()
    let result = Evaluation.run(network, on: dataset, normalization: chosen) { done, total in
      line.update(
        "evaluating \(ProgressLine.bar(Double(done) / Double(total))) batch \(done)/\(total)")
    }
    line.finish()
    print("\(dataset.name) \(split): \(result.count) images")
    print(
      "top-1 \(String(format: "%.2f", 100 * result.top1))% (\(result.top1Correct)/\(result.count)), top-5 \(String(format: "%.2f", 100 * result.top5))% (\(result.top5Correct)/\(result.count)), loss \(String(format: "%.4f", result.loss))"
    )
    print("per class:")
    for c in result.perClass {
      print(
        "  \(c.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", 100 * c.accuracy))%  (\(c.correct)/\(c.count))"
      )
    }
    if let json { try JSONFile.write(result, to: URL(fileURLWithPath: json)) }
  }

  private func chooseNormalization(file: SafeTensorsFile) throws -> Normalization {
    let descriptor = try DatasetCatalog.descriptor(data.reference.name)
    switch normalization {
    case "checkpoint":
      return CheckpointMetadata.normalization(in: file.metadata) ?? descriptor.normalization
    case "dataset":
      return descriptor.normalization
    case "imagenet":
      return .imageNet
    default:
      let parts = normalization.split(separator: "/").map {
        $0.split(separator: ",").compactMap { Float($0) }
      }
      guard parts.count == 2, parts[0].count == parts[1].count, !parts[0].isEmpty,
        parts[1].allSatisfy({ $0 > 0 })
      else {
        throw ValidationError(
          "--normalization must be checkpoint, dataset, imagenet or MEAN,…/STD,… (for example 0.5,0.5,0.5/0.25,0.25,0.25)"
        )
      }
      return Normalization(mean: parts[0], std: parts[1])
    }
  }
}
