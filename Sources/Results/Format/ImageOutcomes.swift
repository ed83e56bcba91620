import Foundation

/// Which test images a network got right, one bit per image of the test split in its
/// stored order (bit i is bit i mod 8, least significant first, of byte i / 8), base64:
/// what paired tests over the shared test images (McNemar, a paired bootstrap) read.
public struct OutcomeBits: Codable, Hashable, Sendable {
  public var count: Int
  public var base64: String

  public init(_ correct: [Bool]) {
    count = correct.count
    var bytes = [UInt8](repeating: 0, count: (correct.count + 7) / 8)
    for (i, isCorrect) in correct.enumerated() where isCorrect { bytes[i / 8] |= 1 << (i % 8) }
    base64 = Data(bytes).base64EncodedString()
  }

  /// The bits again, or nil when the text is not base64 of the right length.
  public var values: [Bool]? {
    guard let data = Data(base64Encoded: base64), data.count == (count + 7) / 8 else { return nil }
    let bytes = [UInt8](data)
    return (0..<count).map { bytes[$0 / 8] & (1 << ($0 % 8)) != 0 }
  }

  /// How many images were right.
  public var correctCount: Int? { values?.filter { $0 }.count }
}

/// One prunable group's scores and the clusters the plan removed.
public struct GroupOutcome: Codable, Hashable, Sendable {
  /// The convolutions that make the group's channels.
  public var producers: [String]
  /// One score per cluster, in the group's order (Float: the ranking, not the digits).
  public var scores: [Float]
  /// Cluster indices removed, ascending; the others are kept.
  public var removed: [Int]

  public init(producers: [String], scores: [Float], removed: [Int]) {
    self.producers = producers
    self.scores = scores
    self.removed = removed
  }
}

/// Per-image correctness on the test split and the per-channel decisions of one run,
/// stored with its metrics so that paired statistics and overlap of kept channels can be
/// computed later without running anything again.
public struct ImageOutcomes: Codable, Hashable, Sendable {
  public var original: OutcomeBits
  /// The pruned network with the original's BatchNorm statistics.
  public var prunedBeforeFineTuning: OutcomeBits
  /// After BatchNorm re-estimation, before fine-tuning (when the cell re-estimates).
  public var prunedZeroShot: OutcomeBits?
  /// After fine-tuning (the same as `prunedZeroShot` or `prunedBeforeFineTuning` when
  /// there was none).
  public var pruned: OutcomeBits
  /// Every prunable group of the scope, in graph order.
  public var groups: [GroupOutcome]

  public init(
    original: OutcomeBits, prunedBeforeFineTuning: OutcomeBits, prunedZeroShot: OutcomeBits?,
    pruned: OutcomeBits, groups: [GroupOutcome]
  ) {
    self.original = original
    self.prunedBeforeFineTuning = prunedBeforeFineTuning
    self.prunedZeroShot = prunedZeroShot
    self.pruned = pruned
    self.groups = groups
  }
}
