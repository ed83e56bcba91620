import Foundation
import Results

/// OCNNA against each baseline at matched remaining-parameter ratios: at every target-RPR
/// operating point of a pair's closed view (same original network, same fine-tuning budget,
/// so the numbers are directly comparable), the difference of accuracy drops and whether
/// it exceeds the uncertainty of the two points.
///
/// The question every reader of a pruning report asks first is whether the method beats
/// random pruning and the magnitude baseline; this answers it from the data, whatever the
/// answer is, instead of leaving it to squinting at a chart.
public struct MatchedComparison: Sendable {
  public enum Verdict: String, Sendable {
    case better = "OCNNA better"
    case worse = "OCNNA worse"
    case unclear = "no clear difference"
  }

  public struct Entry: Sendable {
    public var baseline: String
    public var baselineDrop: Double
    /// OCNNA's drop minus the baseline's (negative: OCNNA lost less accuracy).
    public var difference: Double
    /// Half-width of the difference's 95 % interval, from the two points' intervals.
    public var uncertainty: Double
    public var verdict: Verdict
    /// How the verdict was reached: `paired t (4 df), Holm over 7: p = 0.012`, or
    /// `descriptive: 2 seeds (a paired test needs 3)`.
    public var test: String
    /// Holm-adjusted p of the paired t-test, when one ran.
    public var adjustedP: Double?
    /// Per seed, McNemar's exact p over the shared test images (when both results
    /// stored their per-image outcomes): whether the two networks of one seed differ.
    public var mcNemarBySeed: [UInt64: Double] = [:]
  }

  /// The accuracy compared: fine-tuned or zero-shot.
  public var tier: Tier
  /// The OCNNA reading compared with the baselines: `ocnna` (the paper's) or another
  /// (`ocnna/raw`), each against the same baselines with its own Holm family.
  public var reading: String
  /// `targetRPR p=0.5`.
  public var policy: String
  public var rpr: Double
  public var ocnnaDrop: Double
  public var ocnnaInterval: Double
  public var seeds: Int
  public var entries: [Entry]

  /// One comparison per target-RPR value at which OCNNA and at least one baseline ran,
  /// from the highest RPR (mildest pruning) down. Cells that did not fine-tune answer for
  /// the zero-shot tier only (`MeasuredPoint.measures`).
  public static func all(_ report: PairReport, tier: Tier = .fineTuned) -> [MatchedComparison] {
    all(report.closed(for: tier), tier: tier)
  }

  /// OCNNA's readings measured among `points`: the paper's first, then the catalogue's order.
  public static func readings(in points: [MeasuredPoint]) -> [String] {
    let present = Set(points.map(\.method))
    return OCNNAVariant.all.map(\.methodLabel).filter(present.contains)
  }

  /// The comparisons among `points`, which must share one original network and budget, of
  /// `reading` (the paper's by default) with the baselines.
  public static func all(
    _ points: [MeasuredPoint], tier: Tier, reading: String = CriterionName.ocnna.slug
  ) -> [MatchedComparison] {
    // Matched budgets: a target RPR, or the same fraction of every layer (ratio), which
    // gives every criterion the same architecture.
    let points = points.filter { $0.policyKind == .targetRPR || $0.policyKind == .ratio }
    let byPolicy = Dictionary(grouping: points, by: \.policy)
    var comparisons: [MatchedComparison] = []
    for (policy, group) in byPolicy {
      guard let ocnna = group.first(where: { $0.method == reading }) else {
        continue
      }
      // OCNNA's other readings (`ocnna/raw`) are not baselines of its default one.
      let baselines = group.filter { !$0.method.hasPrefix(CriterionName.ocnna.slug) }.sorted {
        (MethodNames.displayOrder.firstIndex(of: $0.method) ?? 99, $0.method)
          < (MethodNames.displayOrder.firstIndex(of: $1.method) ?? 99, $1.method)
      }
      guard !baselines.isEmpty, ocnna.measures(tier) else { continue }
      let entries = Self.entries(ocnna, baselines, tier: tier)
      comparisons.append(
        MatchedComparison(
          tier: tier, reading: reading, policy: policy, rpr: ocnna.rpr, ocnnaDrop: ocnna.drop(tier),
          ocnnaInterval: ocnna.dropInterval(tier),
          seeds: min(ocnna.seeds, baselines.map(\.seeds).min() ?? 1), entries: entries))
    }
    return comparisons.sorted { ($0.rpr, $0.policy) > ($1.rpr, $1.policy) }
  }

  /// OCNNA against each baseline at one point. With the same 3 or more seeds on both
  /// sides, the verdict is a paired t-test on the per-seed differences with Holm's
  /// correction over the baselines of the point (the family); with fewer, it is
  /// descriptive — the difference against its 95 % interval — and says so.
  static func entries(_ ocnna: MeasuredPoint, _ baselines: [MeasuredPoint], tier: Tier) -> [Entry] {
    let tests = baselines.map { b -> PairedTTest? in
      let da = ocnna.dropsBySeed(tier), db = b.dropsBySeed(tier)
      guard Set(da.keys) == Set(db.keys) else { return nil }
      return PairedTTest(differences: da.keys.sorted().map { da[$0]! - db[$0]! })
    }
    let tested = tests.indices.filter { tests[$0] != nil }
    let adjusted = HolmCorrection.adjusted(tested.map { tests[$0]!.pValue })
    var adjustedByIndex = [Int: Double]()
    for (k, index) in tested.enumerated() { adjustedByIndex[index] = adjusted[k] }
    return baselines.enumerated().map { index, b -> Entry in
      let difference = ocnna.drop(tier) - b.drop(tier)
      let uncertainty = Self.uncertainty(ocnna, b, tier: tier)
      let verdict: Verdict
      let test: String
      if let t = tests[index], let p = adjustedByIndex[index] {
        verdict = p >= 0.05 ? .unclear : difference < 0 ? .better : .worse
        test =
          "paired t (\(t.degreesOfFreedom) df), Holm over \(tested.count): \(Self.statement(p))"
      } else {
        verdict =
          difference < -uncertainty ? .better : difference > uncertainty ? .worse : .unclear
        let seeds = min(ocnna.seeds, b.seeds)
        test =
          seeds >= 3
          ? "descriptive: the seeds differ between the methods"
          : "descriptive: \(seeds) seed\(seeds == 1 ? "" : "s") (a paired test needs 3)"
      }
      return Entry(
        baseline: b.method, baselineDrop: b.drop(tier), difference: difference,
        uncertainty: uncertainty, verdict: verdict, test: test,
        adjustedP: adjustedByIndex[index], mcNemarBySeed: Self.mcNemar(ocnna, b, tier: tier))
    }
  }

  /// McNemar's exact p per seed both points share, from their stored per-image outcomes.
  static func mcNemar(_ a: MeasuredPoint, _ b: MeasuredPoint, tier: Tier) -> [UInt64: Double] {
    var result = [UInt64: Double]()
    for ra in a.results {
      guard let rb = b.results.first(where: { $0.cell.seed == ra.cell.seed }),
        let first = ra.metrics?.outcomes?.bits(tier)?.values,
        let second = rb.metrics?.outcomes?.bits(tier)?.values,
        let test = McNemarTest(first: first, second: second)
      else { continue }
      result[ra.cell.seed] = test.pValue
    }
    return result
  }

  /// `0.012`, `< 0.001`.
  static func format(_ p: Double) -> String {
    p < 0.001 ? "< 0.001" : String(format: "%.3f", p)
  }

  /// `p = 0.012`, `p < 0.001`.
  static func statement(_ p: Double) -> String {
    p < 0.001 ? "p < 0.001" : "p = \(format(p))"
  }

  /// Half-width of the 95 % interval of `a.drop − b.drop`.
  ///
  /// The test-sample noise of both points always counts. When both ran the same two or
  /// more seeds, the seed noise comes from the per-seed differences (a paired comparison:
  /// each seed shares its calibration images, fine-tuning subset and order between
  /// methods, so what varies with the seed largely cancels); otherwise from each point's
  /// own spread.
  static func uncertainty(_ a: MeasuredPoint, _ b: MeasuredPoint, tier: Tier = .fineTuned)
    -> Double
  {
    let sa = a.testSampleHalfWidth(tier), sb = b.testSampleHalfWidth(tier)
    let sample = (sa * sa + sb * sb).squareRoot()
    let da = a.dropsBySeed(tier), db = b.dropsBySeed(tier)
    let shared = Set(da.keys).intersection(db.keys)
    if shared.count >= 2, shared.count == da.count, shared.count == db.count {
      let differences = shared.map { da[$0]! - db[$0]! }
      let n = differences.count
      let seedHalfWidth =
        StudentT.quantile975(degreesOfFreedom: n - 1)
        * MeasuredPoint.spread(differences) / Double(n - 1).squareRoot()
      return (sample * sample + seedHalfWidth * seedHalfWidth).squareRoot()
    }
    let ia = a.dropInterval(tier), ib = b.dropInterval(tier)
    return (ia * ia + ib * ib).squareRoot()
  }

  /// `worse than Random by 4.2 ± 2.1` — a short phrase for one baseline. Where a paired
  /// test decided, its Holm-adjusted p follows: the verdict is the test's, and with three
  /// seeds and several baselines a difference outside its ± can still be level.
  public func phrase(for baseline: String) -> String? {
    guard let e = entries.first(where: { $0.baseline == baseline }) else { return nil }
    let amount = "\(SVG.value(abs(e.difference))) ± \(SVG.value(e.uncertainty))"
    let p = e.adjustedP.map { " (Holm \(Self.statement($0)))" } ?? ""
    switch e.verdict {
    case .better: return "beats \(MethodNames.name(baseline)) by \(amount)\(p)"
    case .worse: return "behind \(MethodNames.name(baseline)) by \(amount)\(p)"
    case .unclear:
      let sign = e.difference >= 0 ? "+" : ""
      let pInside = e.adjustedP.map { ", Holm \(Self.statement($0))" } ?? ""
      return
        "level with \(MethodNames.name(baseline)) (\(sign)\(SVG.value(e.difference)) ± \(SVG.value(e.uncertainty))\(pInside))"
    }
  }
}
