import Foundation

/// The stored result of one grid cell: `Data/results/<grid>/<id>.json`, the source of truth
/// the report is rendered from. Format in README ("Result format"), schema in
/// `Data/schema/result.schema.json`; older versions are migrated when read (`ResultMigration`).
public struct RunResult: Codable, Sendable {
  public static let currentSchemaVersion = 4

  public enum Status: String, Codable, Sendable {
    case done, failed
  }

  public var schemaVersion = RunResult.currentSchemaVersion
  /// The run key (`RunKey.id`), also the file's name.
  public var id: String
  /// The grid the cell belongs to (`prune` for single `ocnna prune` runs).
  public var grid: String
  public var cell: RunCell
  public var status: Status
  /// What went wrong, for a failed cell.
  public var error: String?
  /// SHA-256 over the training and test images and labels.
  public var datasetFingerprint: String
  /// How the original network was obtained, with its training curve.
  public var original: OriginalRecord?
  /// Every metric of the pruning run; absent when the cell failed before it finished.
  public var metrics: PruningSummary?
  /// Wall-clock seconds of the cell (the original's training is counted in `original`).
  public var seconds: Double
  /// When the cell finished (ISO 8601, UTC).
  public var finished: String
  public var environment: RunEnvironment

  public init(
    id: String, grid: String, cell: RunCell, status: Status, error: String? = nil,
    datasetFingerprint: String, original: OriginalRecord?, metrics: PruningSummary?,
    seconds: Double, finished: Date = Date(), environment: RunEnvironment
  ) {
    self.id = id
    self.grid = grid
    self.cell = cell
    self.status = status
    self.error = error
    self.datasetFingerprint = datasetFingerprint
    self.original = original
    self.metrics = metrics
    self.seconds = seconds
    self.finished = ISO8601DateFormatter().string(from: finished)
    self.environment = environment
  }
}

/// How a cell's original network came to be.
public struct OriginalRecord: Codable, Hashable, Sendable {
  /// The original's cache key (`OriginalKey.id`).
  public var key: String
  /// `trained` here, or `checkpoint` (optionally `checkpoint + fine-tuned`).
  public var source: String
  public var parameters: Int
  public var macs: Int
  /// The original's training or fine-tuning epochs (empty for a checkpoint used as is).
  public var epochs: [EpochRecord]
  /// Seconds spent producing it (0 when it came from the cache).
  public var seconds: Double
  /// SHA-256 of the original's parameters and BatchNorm buffers (names and values, in the
  /// network's order). The key says how the original was made, not which weights came out:
  /// trained again after the cache was lost, on an engine whose kernels sum in another
  /// order, the same key gives other weights. Absent in results written before it.
  public var weights: String?

  public init(
    key: String,
    source: String,
    parameters: Int,
    macs: Int,
    epochs: [EpochRecord],
    seconds: Double,
    weights: String? = nil
  ) {
    self.key = key
    self.source = source
    self.parameters = parameters
    self.macs = macs
    self.epochs = epochs
    self.seconds = seconds
    self.weights = weights
  }

  /// Which network the original is, for pairing results on the same one: the key and the
  /// weights' digest, or in results written before the digest, the training curve the
  /// original recorded (its losses to the last digit differ between two trainings that
  /// differ at all). A checkpoint used as is is the key alone, digest or not: the key
  /// hashes the checkpoint's file and the code, which pin the weights loaded from it, so
  /// its results written before the digest pair with those written after.
  public var identity: String {
    if source == "checkpoint" && epochs.isEmpty { return key }
    if let weights { return "\(key)@\(weights.prefix(16))" }
    guard !epochs.isEmpty else { return key }
    let curve = epochs.map { "\($0.trainLoss) \($0.heldOutAccuracy ?? -1)" }.joined(separator: ";")
    return "\(key)~\(Checksum.sha256(Data(curve.utf8)).prefix(16))"
  }
}
