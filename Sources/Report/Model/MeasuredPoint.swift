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
  /// The original network's cache key (the same original ⇒ the same base accuracy).
  public var originalKey: String
  public var results: [RunResult]

  public var seeds: Int { results.count }
  /// `percentile`, `targetRPR`, …: points of one method and policy kind form one curve.
  public var policyKind: PruningPolicy.Kind { results[0].cell.policy.kind }
  var metrics: [PruningSummary] { results.compactMap(\.metrics) }

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
  public var drop: Double { Self.mean(metrics.map(\.accuracyDrop)) }
  /// Standard deviation of the drop over seeds (0 with one seed).
  public var dropSpread: Double { Self.spread(metrics.map(\.accuracyDrop)) }
  public var originalTop1: Double { 100 * Self.mean(metrics.map(\.originalTop1)) }
  public var prunedTop1: Double { 100 * Self.mean(metrics.map(\.prunedTop1)) }
  public var beforeFineTuningTop1: Double {
    100 * Self.mean(metrics.map(\.prunedTop1BeforeFineTuning))
  }

  /// The test images each accuracy was measured on.
  public var testImages: Int { results.first.map(TestImages.count) ?? 0 }

  /// Half-width of the 95 % interval of the drop, from both sources of noise: the test
  /// sample (the binomial, Wilson, half-width of the pruned accuracy on the test images,
  /// which every seed shares) and, with several seeds, the spread between them (Student's
  /// t with seeds − 1 degrees of freedom times the standard error, not 1.96: with two
  /// seeds the normal quantile would claim an interval six times too narrow).
  public var dropInterval: Double {
    let binomial = testSampleHalfWidth
    guard seeds > 1 else { return binomial }
    let seedHalfWidth =
      Self.studentT975(degreesOfFreedom: seeds - 1) * dropSpread / Double(seeds - 1).squareRoot()
    return (binomial * binomial + seedHalfWidth * seedHalfWidth).squareRoot()
  }

  /// Half-width of the 95 % Wilson interval of the pruned accuracy on the test images, in
  /// points: the noise of measuring on a finite test sample.
  public var testSampleHalfWidth: Double {
    let n = Double(max(1, testImages)), p = prunedTop1 / 100, z = 1.96
    return 100 * z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / (1 + z * z / n)
  }

  /// The drop of each seed, by seed.
  public var dropsBySeed: [UInt64: Double] {
    Dictionary(
      results.compactMap { r in r.metrics.map { (r.cell.seed, $0.accuracyDrop) } },
      uniquingKeysWith: { a, _ in a })
  }

  /// The 97.5 % quantile of Student's t (two-sided 95 %), tabulated to 30 degrees of
  /// freedom; 1.96 beyond.
  static func studentT975(degreesOfFreedom df: Int) -> Double {
    let table = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
      2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
      2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    return df >= 1 && df <= table.count ? table[df - 1] : 1.96
  }

  /// The run page of the first seed.
  public var runLink: String { "runs/\(results[0].id).html" }
}

/// How many test images a result was evaluated on, from its data selection.
enum TestImages {
  static func count(_ result: RunResult) -> Int {
    let dataset = result.cell.dataset
    let classes = DatasetName.named(dataset.name)?.classCount ?? 10
    if let limit = dataset.testLimitPerClass { return limit * classes }
    if dataset.name == DatasetName.synthetic.slug {
      return max(1, (dataset.syntheticCount ?? 10_000) / 5)
    }
    return 10_000
  }
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
  var budgetLabel: String {
    let t = cell.fineTuning
    guard t.mode != .none, t.recipe.epochs > 0 else { return "no fine-tuning" }
    let images = t.imagesPerClass.map { "\($0)/class" } ?? "all train images"
    return "\(t.mode.rawValue) \(t.recipe.epochs) ep on \(images)"
  }
}
