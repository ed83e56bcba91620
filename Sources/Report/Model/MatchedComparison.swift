import Foundation

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
  }

  /// `targetRPR p=0.5`.
  public var policy: String
  public var rpr: Double
  public var ocnnaDrop: Double
  public var ocnnaInterval: Double
  public var seeds: Int
  public var entries: [Entry]

  /// One comparison per target-RPR value at which OCNNA and at least one baseline ran,
  /// from the highest RPR (mildest pruning) down.
  public static func all(_ report: PairReport) -> [MatchedComparison] {
    let points = report.closed.filter { $0.policyKind == "targetRPR" }
    let byPolicy = Dictionary(grouping: points, by: \.policy)
    var comparisons: [MatchedComparison] = []
    for (policy, group) in byPolicy {
      guard let ocnna = group.first(where: { $0.method == "ocnna" }) else { continue }
      let baselines = group.filter { $0.method != "ocnna" }.sorted {
        (MethodNames.displayOrder.firstIndex(of: $0.method) ?? 99, $0.method)
          < (MethodNames.displayOrder.firstIndex(of: $1.method) ?? 99, $1.method)
      }
      guard !baselines.isEmpty else { continue }
      let entries = baselines.map { b -> Entry in
        let difference = ocnna.drop - b.drop
        let uncertainty =
          (ocnna.dropInterval * ocnna.dropInterval
          + b.dropInterval * b.dropInterval).squareRoot()
        let verdict: Verdict =
          difference < -uncertainty ? .better : difference > uncertainty ? .worse : .unclear
        return Entry(
          baseline: b.method, baselineDrop: b.drop, difference: difference,
          uncertainty: uncertainty, verdict: verdict)
      }
      comparisons.append(
        MatchedComparison(
          policy: policy, rpr: ocnna.rpr, ocnnaDrop: ocnna.drop, ocnnaInterval: ocnna.dropInterval,
          seeds: min(ocnna.seeds, baselines.map(\.seeds).min() ?? 1), entries: entries))
    }
    return comparisons.sorted { ($0.rpr, $0.policy) > ($1.rpr, $1.policy) }
  }

  /// `worse than Random by 4.2 ± 2.1` — a short phrase for one baseline.
  public func phrase(for baseline: String) -> String? {
    guard let e = entries.first(where: { $0.baseline == baseline }) else { return nil }
    let amount = "\(SVG.value(abs(e.difference))) ± \(SVG.value(e.uncertainty))"
    switch e.verdict {
    case .better: return "beats \(MethodNames.name(baseline)) by \(amount)"
    case .worse: return "behind \(MethodNames.name(baseline)) by \(amount)"
    case .unclear:
      let sign = e.difference >= 0 ? "+" : ""
      return
        "level with \(MethodNames.name(baseline)) (\(sign)\(SVG.value(e.difference)) ± \(SVG.value(e.uncertainty)))"
    }
  }
}
