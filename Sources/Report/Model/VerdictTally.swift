import Foundation

/// OCNNA against one baseline on one pair and tier: at how many matched operating points it
/// was better, level (the difference within its 95 % interval) or worse — the answer a
/// reader looks for first, counted from `MatchedComparison` rather than written.
public struct VerdictTally: Sendable, Equatable {
  public var baseline: String
  public var better = 0
  public var level = 0
  public var worse = 0

  public var total: Int { better + level + worse }

  /// One tally per baseline measured against OCNNA on `report` in `tier`, in catalogue order.
  public static func all(_ report: PairReport, tier: Tier) -> [VerdictTally] {
    var tallies: [String: VerdictTally] = [:]
    for comparison in MatchedComparison.all(report, tier: tier) {
      for entry in comparison.entries {
        var tally = tallies[entry.baseline] ?? VerdictTally(baseline: entry.baseline)
        switch entry.verdict {
        case .better: tally.better += 1
        case .unclear: tally.level += 1
        case .worse: tally.worse += 1
        }
        tallies[entry.baseline] = tally
      }
    }
    return tallies.values.sorted {
      (MethodNames.displayOrder.firstIndex(of: $0.baseline) ?? 99, $0.baseline)
        < (MethodNames.displayOrder.firstIndex(of: $1.baseline) ?? 99, $1.baseline)
    }
  }
}
