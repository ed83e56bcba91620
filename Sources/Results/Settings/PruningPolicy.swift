import Foundation

/// How channel scores become a decision: which channels of each group to remove.
///
/// A plain value, recorded in every result; the planning itself is Pruning's
/// (`PruningPolicy+Planning.swift`). `percentile` is OCNNA's (docs/method.md §5): keep a channel iff its score is at least the
/// k-th percentile of its group's scores. `global`, `ratio` and `targetRPR` are shared
/// with every baseline criterion so that methods compare at equal budgets.
public enum PruningPolicy: Codable, Hashable, Sendable, CustomStringConvertible {
  /// Per group: keep scores ≥ the k-th percentile (0 ≤ k ≤ 100) of the group's scores.
  case percentile(k: Double, minChannels: Int)
  /// One threshold across groups, on scores divided by their group's mean.
  case global(k: Double, minChannels: Int)
  /// Remove the lowest-scoring fraction r of each group.
  case ratio(r: Double, minChannels: Int)
  /// Search the per-group percentile k so that the pruned network keeps the fraction p of
  /// the parameters, within 0.5 points.
  case targetRPR(p: Double, minChannels: Int)

  public var description: String {
    switch self {
    case .percentile(let k, _): "percentile k=\(Self.compact(k))"
    case .global(let k, _): "global k=\(Self.compact(k))"
    case .ratio(let r, _): "ratio r=\(Self.compact(r))"
    case .targetRPR(let p, _): "targetRPR p=\(Self.compact(p))"
    }
  }

  /// `50` for 50.0, `0.25` for 0.25.
  public static func compact(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
  }

  /// The fewest channels every layer keeps (at least 1).
  public var minChannels: Int {
    switch self {
    case .percentile(_, let m), .global(_, let m), .ratio(_, let m), .targetRPR(_, let m): max(1, m)
    }
  }
}

extension PruningPolicy {
  /// The policy's name as grids write it: `percentile`, `global`, `ratio` or `targetRPR`.
  public var kindName: String {
    switch self {
    case .percentile: "percentile"
    case .global: "global"
    case .ratio: "ratio"
    case .targetRPR: "targetRPR"
    }
  }

  /// The policy's operating-point value: k, r or p.
  public var value: Double {
    switch self {
    case .percentile(let k, _), .global(let k, _): k
    case .ratio(let r, _): r
    case .targetRPR(let p, _): p
    }
  }
}
