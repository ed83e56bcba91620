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
  /// The kinds of policy: the one catalogue of their names, as grids, the command line,
  /// results and the report write them.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case percentile, global, ratio, targetRPR

    /// What the value of this kind is, for help texts.
    public var valueMeaning: String {
      switch self {
      case .percentile: "the percentile k per layer, in [0, 100]"
      case .global: "the percentile k over all layers' normalised scores, in [0, 100]"
      case .ratio: "the fraction r of every layer's channels to remove, in [0, 1)"
      case .targetRPR: "the remaining-parameters ratio p to reach, in (0, 1]"
      }
    }

    /// Why `value` is not a valid value of this kind, or nil when it is.
    public func problem(with value: Double) -> String? {
      switch self {
      case .percentile, .global:
        value >= 0 && value <= 100 ? nil : "a percentile k must be in [0, 100], got \(value)"
      case .ratio: value >= 0 && value < 1 ? nil : "a ratio must be in [0, 1), got \(value)"
      case .targetRPR:
        value > 0 && value <= 1
          ? nil : "a remaining parameters ratio must be in (0, 1], got \(value)"
      }
    }

    /// The policy of this kind at `value`.
    public func policy(at value: Double, minChannels: Int) -> PruningPolicy {
      switch self {
      case .percentile: .percentile(k: value, minChannels: minChannels)
      case .global: .global(k: value, minChannels: minChannels)
      case .ratio: .ratio(r: value, minChannels: minChannels)
      case .targetRPR: .targetRPR(p: value, minChannels: minChannels)
      }
    }

    /// The names, as help texts and error messages list them.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
  }

  /// The policy's kind.
  public var kind: Kind {
    switch self {
    case .percentile: .percentile
    case .global: .global
    case .ratio: .ratio
    case .targetRPR: .targetRPR
    }
  }

  /// The policy's name as grids write it: `percentile`, `global`, `ratio` or `targetRPR`.
  public var kindName: String { kind.rawValue }

  /// The policy's operating-point value: k, r or p.
  public var value: Double {
    switch self {
    case .percentile(let k, _), .global(let k, _): k
    case .ratio(let r, _): r
    case .targetRPR(let p, _): p
    }
  }
}
