import Datasets
import Foundation

/// `ocnna eval`: a checkpoint's accuracy on one split of a dataset.
public enum CheckpointEvaluation {
  /// The dataset's display name and the evaluation.
  public struct Outcome: Sendable {
    public var datasetName: String
    public var evaluation: Evaluation
  }

  /// Loads the split and the network, and evaluates it batch by batch.
  public static func run(
    _ source: CheckpointSource, on data: DatasetSource, split: String,
    progress: (_ batch: Int, _ batches: Int) -> Void = { _, _ in }
  ) throws -> Outcome {
    let dataset = try data.load(split: split, seed: 0)
    let (network, normalization) = try source.load(for: dataset, source: data)
    let evaluation = Evaluation.run(
      network, on: dataset, normalization: normalization, progress: progress)
    return Outcome(datasetName: dataset.name, evaluation: evaluation)
  }
}
