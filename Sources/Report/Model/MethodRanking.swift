import Foundation
import Results

/// Each measured method's mean rank over every matched operating point of every pair, in
/// the manner of benchopt's and Papers-with-Code's leaderboards: at an operating point
/// (closed view, one target RPR or ratio) the methods measured there are ranked by drop (1 = lowest;
/// ties share the mean of their ranks), and a method's ranks are averaged. How many points
/// and pairs a rank rests on is part of the answer: a rank over two points says little.
public struct MethodRank: Sendable, Equatable {
  public var method: String
  public var meanRank: Double
  /// Operating points the method was ranked at, and the methods ranked there on average.
  public var operatingPoints: Int
  public var meanField: Double
  public var pairs: Int

  /// The ranking over `reports` in `tier`; with `protocolName`, over the pairs whose
  /// compared points were measured under that protocol only (ranks never mix protocols).
  public static func ranking(
    _ reports: [PairReport], tier: Tier, protocolName: String? = nil
  ) -> [MethodRank] {
    var ranks: [String: [Double]] = [:]
    var fields: [String: [Double]] = [:]
    var pairs: [String: Set<String>] = [:]
    for report in reports
    where protocolName == nil || report.protocolName(for: tier) == protocolName {
      // Matched budgets, as in `MatchedComparison`: a target RPR, or the same fraction of
      // every layer (identical architectures).
      let points = report.closed(for: tier).filter {
        ($0.policyKind == .targetRPR || $0.policyKind == .ratio) && $0.measures(tier)
      }
      for group in Dictionary(grouping: points, by: \.policy).values {
        let byMethod = Dictionary(grouping: group, by: \.method).compactMapValues(\.first)
        guard byMethod.count >= 2 else { continue }
        let drops = byMethod.mapValues { $0.drop(tier) }
        for (method, drop) in drops {
          let lower = drops.values.filter { $0 < drop }.count
          let tied = drops.values.filter { $0 == drop }.count
          ranks[method, default: []].append(Double(lower) + Double(tied + 1) / 2)
          fields[method, default: []].append(Double(drops.count))
          pairs[method, default: []].insert(report.pair.slug)
        }
      }
    }
    return ranks.map { method, values in
      MethodRank(
        method: method, meanRank: MeasuredPoint.mean(values), operatingPoints: values.count,
        meanField: MeasuredPoint.mean(fields[method]!), pairs: pairs[method]!.count)
    }.sorted { ($0.meanRank, $0.method) < ($1.meanRank, $1.method) }
  }
}
