import Foundation
import Results

/// One measured operating point: a method at one policy value on one original network
/// with one fine-tuning budget, averaged over its seeds.
public struct MeasuredPoint: Sendable {
  public var pair: Pair
  public var method: String
  /// `targetRPR p=0.5`, `percentile k=40`.
  public var policy: String
  /// How the original network was made and at what scale: the width, the data variant and
  /// subsets. Points of one scale share one original network.
  public var scale: String
  /// The fine-tuning budget: mode, epochs and images.
  public var budget: String
  /// The original network's identity (`OriginalRecord.identity`: its cache key and its
  /// weights), so that the points of one view share the very same original.
  public var originalKey: String
  public let results: [RunResult]
  /// Warning signs, set with the pair's other points in view (`PointFlag.assign`).
  public var flags: [PointFlag] = []
  /// The seeds' metrics, taken out once: every mean and interval the pages print reads
  /// them, and taking them out on each reading copied them thousands of times a build.
  let metrics: [PruningSummary]

  public init(
    pair: Pair, method: String, policy: String, scale: String, budget: String,
    originalKey: String, results: [RunResult]
  ) {
    self.pair = pair
    self.method = method
    self.policy = policy
    self.scale = scale
    self.budget = budget
    self.originalKey = originalKey
    self.results = results
    metrics = results.compactMap(\.metrics)
  }

  public var seeds: Int { results.count }
  /// `percentile`, `targetRPR`, …: points of one method and policy kind form one curve.
  public var policyKind: PruningPolicy.Kind { results[0].cell.policy.kind }

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }

  static func spread(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let m = mean(values)
    return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)).squareRoot()
  }

  public var rpr: Double { Self.mean(metrics.map(\.rpr)) }
  public var macsRatio: Double { Self.mean(metrics.map(\.macsRatio)) }
  /// The mean fine-tuned drop (the tier the literature reports).
  public var drop: Double { drop(.fineTuned) }
  /// Standard deviation of the fine-tuned drop over seeds (0 with one seed).
  public var dropSpread: Double { Self.spread(metrics.map { $0.drop(.fineTuned) }) }
  public var originalTop1: Double { 100 * Self.mean(metrics.map(\.originalTop1)) }
  public var prunedTop1: Double { prunedTop1(.fineTuned) }
  public var beforeFineTuningTop1: Double { prunedTop1(.zeroShot) }
  /// The 95 % half-width of the fine-tuned drop (see `dropInterval(_:)`).
  public var dropInterval: Double { dropInterval(.fineTuned) }
  /// The fine-tuned drop of each seed, by seed.
  public var dropsBySeed: [UInt64: Double] { dropsBySeed(.fineTuned) }

  /// The mean drop of `tier`, in points.
  public func drop(_ tier: Tier) -> Double { Self.mean(metrics.map { $0.drop(tier) }) }

  /// The mean pruned top-1 of `tier`, in percent.
  public func prunedTop1(_ tier: Tier) -> Double {
    100
      * Self.mean(
        metrics.map { tier == .fineTuned ? $0.prunedTop1 : $0.zeroShotTop1 })
  }

  /// Whether the cell fine-tuned at all: without, both tiers are the same numbers.
  public var fineTunes: Bool {
    results[0].cell.fineTuning.mode != .none && results[0].cell.fineTuning.recipe.epochs > 0
  }

  /// Whether the point answers for `tier`: every point has a zero-shot accuracy, only a
  /// point that fine-tuned has a fine-tuned one (without fine-tuning, its "after the
  /// budget" accuracy is the zero-shot one, and counting it twice would call it
  /// fine-tuned).
  public func measures(_ tier: Tier) -> Bool { tier == .zeroShot || fineTunes }

  /// How the point was pruned and evaluated (`PruningProtocol.name`): a comparison, a
  /// budget study and a tally all hold it fixed.
  public var protocolName: String { PruningProtocol.name(results[0].cell.pruningProtocol) }

  /// The test images each accuracy was measured on.
  public var testImages: Int { results.first.map(TestImages.count) ?? 0 }

  /// Half-width of the 95 % interval of the drop of `tier`, from both sources of noise:
  /// the test sample (the binomial, Wilson, half-width of the pruned accuracy on the test
  /// images, which every seed shares) and, with several seeds, the spread between them
  /// (Student's t with seeds − 1 degrees of freedom times the standard error, not 1.96:
  /// with two seeds the normal quantile would claim an interval six times too narrow).
  ///
  /// This is the one meaning of "±" across the site.
  public func dropInterval(_ tier: Tier) -> Double {
    let binomial = testSampleHalfWidth(tier)
    guard seeds > 1 else { return binomial }
    let spread = Self.spread(metrics.map { $0.drop(tier) })
    let seedHalfWidth =
      StudentT.quantile975(degreesOfFreedom: seeds - 1) * spread
      / Double(seeds - 1).squareRoot()
    return (binomial * binomial + seedHalfWidth * seedHalfWidth).squareRoot()
  }

  /// Half-width of the 95 % Wilson interval of the pruned accuracy of `tier` on the test
  /// images, in points: the noise of measuring on a finite test sample.
  public func testSampleHalfWidth(_ tier: Tier = .fineTuned) -> Double {
    let n = Double(max(1, testImages)), p = prunedTop1(tier) / 100, z = 1.96
    return 100 * z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / (1 + z * z / n)
  }

  /// The drop of `tier` of each seed, by seed.
  public func dropsBySeed(_ tier: Tier) -> [UInt64: Double] {
    Dictionary(
      results.compactMap { r in r.metrics.map { (r.cell.seed, $0.drop(tier)) } },
      uniquingKeysWith: { a, _ in a })
  }

  /// The seeds' drops of `tier` in seed order, as tables print them beside the mean.
  public func seedDrops(_ tier: Tier) -> [Double] {
    dropsBySeed(tier).sorted { $0.key < $1.key }.map(\.value)
  }

  /// The run page of the first seed.
  public var runLink: String { "runs/\(results[0].id).html" }
}

/// How many test images a result was evaluated on, from its data selection.
enum TestImages {
  static func count(_ result: RunResult) -> Int {
    result.cell.dataset.splitImages(test: true) ?? 10_000
  }
}

extension PruningSummary {
  /// Original minus pruned top-1 of `tier`, in points.
  func drop(_ tier: Tier) -> Double {
    tier == .fineTuned ? accuracyDrop : 100 * (originalTop1 - zeroShotTop1)
  }

  /// The zero-shot accuracy: after BatchNorm re-estimation when the cell re-estimated,
  /// the raw pruned network's otherwise (protocol 1).
  var zeroShotTop1: Double { prunedTop1ZeroShot ?? prunedTop1BeforeFineTuning }
}

extension RunResult {
  /// The scale a result was measured at, as every chart and table labels it.
  var scaleLabel: String {
    var parts: [String] = [cell.width == 1 ? "full width" : "width ×\(SVG.number(cell.width))"]
    parts.append(cell.dataset.label)
    switch original?.source ?? (cell.original.train == nil ? "checkpoint" : "trained") {
    case "trained": parts.append("trained here (\(cell.original.train?.epochs ?? 0) ep)")
    case "checkpoint + fine-tuned":
      parts.append("shared weights, fine-tuned \(cell.original.fineTune?.epochs ?? 0) ep")
    default: parts.append("checkpoint")
    }
    return parts.joined(separator: " · ")
  }

  /// The fine-tuning budget as labels show it.
  ///
  /// Protocol-2 cells carry their protocol, so that points measured in another scope or
  /// without BatchNorm re-estimation never share a closed view with them.
  var budgetLabel: String {
    let t = cell.fineTuning
    let measured = cell.pruningProtocol.map { " · \($0.label)" } ?? ""
    guard t.mode != .none, t.recipe.epochs > 0 else { return "no fine-tuning" + measured }
    let images = t.imagesPerClass.map { "\($0)/class" } ?? "all train images"
    let epochs = t.epochs.map { PruningPolicy.compact($0) } ?? String(t.recipe.epochs)
    return "\(t.mode.rawValue) \(epochs) ep on \(images)" + measured
  }
}
