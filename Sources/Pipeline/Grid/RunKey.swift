import Datasets
import Foundation
import Pruning
import Results

/// The versions of the code that produce a result's numbers. Bump one when a change moves
/// the numbers it covers, so that results made before are no longer reused as if current.
public enum CodeVersion {
  /// Training, fine-tuning, evaluation and the grid runner's stages.
  public static let pipeline = 1
  /// Each criterion's scoring code (the catalogue's `codeVersion`).
  public static func method(_ name: String) -> Int {
    CriterionName.named(name)?.codeVersion ?? 1
  }
}

/// The stable id of a cell: the first 16 hexadecimal digits of a SHA-256 over everything
/// that affects its numbers — the cell (paths and labels excluded), the data's
/// fingerprint, the checkpoint's SHA-256 and the code versions.
public enum RunKey {
  struct Material: Encodable {
    var cell: RunCell
    var datasetFingerprint: String
    var checkpointSHA256: String?
    var pipelineVersion: Int
    var methodVersion: Int
  }

  /// The id of `cell` over data whose fingerprint is `datasetFingerprint`.
  public static func id(
    _ cell: RunCell, datasetFingerprint: String, checkpointSHA256: String? = nil
  ) -> String {
    var cell = cell
    cell.dataset.path = nil
    cell.dataset.archive = nil
    cell.original.checkpoint = cell.original.checkpoint.map { _ in "" }
    return hash(
      Material(
        cell: cell, datasetFingerprint: datasetFingerprint,
        checkpointSHA256: checkpointSHA256 ?? cell.original.sha256,
        pipelineVersion: CodeVersion.pipeline,
        methodVersion: CodeVersion.method(cell.method)))
  }

  /// A SHA-256 prefix over `value`'s JSON with sorted keys (stable across runs and machines).
  static func hash<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data()
    return String(Checksum.sha256(data).prefix(16))
  }
}

/// What determines an original network: trained here or loaded (and maybe fine-tuned),
/// on which data. Every method, policy value and seed of a grid shares one original.
public struct OriginalKey: Hashable, Encodable, Sendable {
  public var architecture: String
  public var width: Double
  public var dataset: String
  public var limitPerClass: Int?
  public var syntheticCount: Int?
  public var datasetFingerprint: String
  public var train: TrainingRecipe?
  public var checkpointSHA256: String?
  public var normalization: String?
  public var fineTune: TrainingRecipe?
  public var pipelineVersion = CodeVersion.pipeline

  public init(_ cell: RunCell, datasetFingerprint: String, checkpointSHA256: String?) {
    architecture = cell.architecture
    width = cell.width
    dataset = cell.dataset.name
    limitPerClass = cell.dataset.limitPerClass
    syntheticCount = cell.dataset.syntheticCount
    self.datasetFingerprint = datasetFingerprint
    train = cell.original.train
    self.checkpointSHA256 = checkpointSHA256 ?? cell.original.sha256
    normalization = cell.original.normalization
    fineTune = cell.original.fineTune
  }

  /// The folder name of this original in the cache.
  public var id: String { RunKey.hash(self) }
}
