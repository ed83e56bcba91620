/// One layer's channels before and after pruning.
public struct LayerChannels: Codable, Hashable, Sendable {
  public var layer: String
  public var original: Int
  public var kept: Int

  public init(
    layer: String,
    original: Int,
    kept: Int
  ) {
    self.layer = layer
    self.original = original
    self.kept = kept
  }
}

/// Every number one pruning run measured: a result's `metrics`. The settings it ran with
/// are the result's `cell`, and the data's fingerprint is the result's, so nothing here
/// repeats them (schema version 4).
public struct PruningSummary: Codable, Sendable {
  /// The plan's options: the criterion's settings as it ran, and what the policy found
  /// (`achievedRPR`, `refinedClusters`).
  public var options: [String: String]
  /// Calibration images the criterion read (0 for criteria that read only weights).
  public var calibrationImages: Int
  /// Top-1 / top-5 on the test split, in [0, 1].
  public var originalTop1: Double
  public var originalTop5: Double
  public var prunedTop1BeforeFineTuning: Double
  public var prunedTop1: Double
  public var prunedTop5: Double
  /// Original minus pruned top-1, in percentage points (negative: the pruned one is better).
  public var accuracyDrop: Double
  public var originalParameters: Int
  public var prunedParameters: Int
  /// Remaining parameters ratio, counting every trainable parameter.
  public var rpr: Double
  /// The same over convolution parameters only.
  public var convolutionRPR: Double
  public var originalMACs: Int
  public var prunedMACs: Int
  public var macsRatio: Double
  /// Median inference seconds at batch 1 and 64: original, pruned.
  public var latencyBatch1: [Double]
  public var latencyBatch64: [Double]
  public var latencyRatioBatch1: Double
  public var latencyRatioBatch64: Double
  public var channels: [LayerChannels]
  public var fineTuningEpochs: [EpochRecord]
  public var scoringSeconds: Double
  public var fineTuningSeconds: Double
  /// Top-1 after BatchNorm re-estimation, before fine-tuning: the zero-shot tier (nil when
  /// the cell does not re-estimate; protocol 1 never did).
  public var prunedTop1ZeroShot: Double? = nil
  /// Per-image correctness, scores and removed channels (schema 4; nil in older results).
  public var outcomes: ImageOutcomes? = nil

  public init(
    options: [String: String],
    calibrationImages: Int,
    originalTop1: Double,
    originalTop5: Double,
    prunedTop1BeforeFineTuning: Double,
    prunedTop1: Double,
    prunedTop5: Double,
    accuracyDrop: Double,
    originalParameters: Int,
    prunedParameters: Int,
    rpr: Double,
    convolutionRPR: Double,
    originalMACs: Int,
    prunedMACs: Int,
    macsRatio: Double,
    latencyBatch1: [Double],
    latencyBatch64: [Double],
    latencyRatioBatch1: Double,
    latencyRatioBatch64: Double,
    channels: [LayerChannels],
    fineTuningEpochs: [EpochRecord],
    scoringSeconds: Double,
    fineTuningSeconds: Double
  ) {
    self.options = options
    self.calibrationImages = calibrationImages
    self.originalTop1 = originalTop1
    self.originalTop5 = originalTop5
    self.prunedTop1BeforeFineTuning = prunedTop1BeforeFineTuning
    self.prunedTop1 = prunedTop1
    self.prunedTop5 = prunedTop5
    self.accuracyDrop = accuracyDrop
    self.originalParameters = originalParameters
    self.prunedParameters = prunedParameters
    self.rpr = rpr
    self.convolutionRPR = convolutionRPR
    self.originalMACs = originalMACs
    self.prunedMACs = prunedMACs
    self.macsRatio = macsRatio
    self.latencyBatch1 = latencyBatch1
    self.latencyBatch64 = latencyBatch64
    self.latencyRatioBatch1 = latencyRatioBatch1
    self.latencyRatioBatch64 = latencyRatioBatch64
    self.channels = channels
    self.fineTuningEpochs = fineTuningEpochs
    self.scoringSeconds = scoringSeconds
    self.fineTuningSeconds = fineTuningSeconds
  }
}
