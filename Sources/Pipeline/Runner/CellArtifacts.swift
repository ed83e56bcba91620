import Datasets
import Engine
import Foundation
import Pruning
import Results

/// What a cell leaves beside its result when asked (`ocnna prune`): the pruned network
/// (with the input normalisation it expects), the plan that made it, and every score.
/// A grid keeps only results; a single run keeps what a user goes on to deploy or study.
public struct CellArtifacts: Sendable {
  /// Where `pruned.safetensors` and `plan.json` go.
  public var folder: URL
  /// Where the scores go, if anywhere.
  public var scores: URL?

  public init(folder: URL, scores: URL? = nil) {
    self.folder = folder
    self.scores = scores
  }

  /// The pruned checkpoint, written atomically like a result.
  public var checkpoint: URL { folder.appendingPathComponent("pruned.safetensors") }
  public var plan: URL { folder.appendingPathComponent("plan.json") }

  func write(
    original: Network, pruned: Network, plan: PruningPlan, scores: [[Double]],
    normalization: Normalization
  ) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Checkpoint.save(
      pruned, to: checkpoint,
      metadata: [
        CheckpointMetadata.normalization: String(
          decoding: try JSONEncoder().encode(normalization), as: UTF8.self)
      ])
    try JSONFile.write(plan, to: self.plan)
    if let url = self.scores {
      try JSONFile.write(ScoreReport(original, plan: plan, scores: scores), to: url)
    }
  }
}
