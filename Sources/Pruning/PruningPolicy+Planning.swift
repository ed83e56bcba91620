import Engine
import Foundation
import Results

/// How a policy turns scores into a plan (docs/method.md §5).
extension PruningPolicy {
  /// The k-th percentile of `values` with linear interpolation between order statistics
  /// (NumPy's default): position (n − 1)·k/100 in the sorted values.
  public static func percentile(_ values: [Double], _ k: Double) -> Double {
    precondition(!values.isEmpty, "percentile of no values")
    let sorted = values.sorted()
    let position = Double(sorted.count - 1) * min(100, max(0, k)) / 100
    let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
  }

  /// The clusters to remove from one group with `scores`, keeping those with a score of
  /// at least `threshold` and never fewer than `minChannels` (the best-scoring ones).
  static func removed(scores: [Double], keepingAtLeast threshold: Double, minChannels: Int) -> [Int]
  {
    var keep = Set(scores.indices.filter { scores[$0] >= threshold })
    if keep.count < min(minChannels, scores.count) {
      let best = scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
      keep = Set(best.prefix(min(minChannels, scores.count)))
    }
    return scores.indices.filter { !keep.contains($0) }
  }

  /// Removes clusters greedily (lowest score relative to the group mean first) until the
  /// plan's RPR is within 0.5 points of `target`.
  func refine(
    _ start: PruningPlan, towards target: Double, network: Network, graph: DependencyGraph,
    scores: [[Double]], original: Double
  ) throws -> (PruningPlan, Double) {
    var plan = start
    var candidates: [(group: Int, cluster: Int, value: Double)] = []
    for (position, decision) in plan.decisions.enumerated() {
      let s = scores[decision.group]
      let mean = s.reduce(0, +) / Double(max(1, s.count))
      let removed = Set(decision.removed)
      for cluster in s.indices where !removed.contains(cluster) {
        candidates.append((position, cluster, mean > 0 ? s[cluster] / mean : 0))
      }
    }
    candidates.sort { ($0.value, $0.group, $0.cluster) < ($1.value, $1.group, $1.cluster) }
    var rpr = Double(plan.counts(for: network, graph: graph).parameters) / original
    var refined = 0
    for candidate in candidates where rpr > target + 0.005 {
      var trial = plan
      trial.decisions[candidate.group].removed =
        (trial.decisions[candidate.group].removed + [candidate.cluster]).sorted()
      guard (try? trial.validate(for: network, graph: graph)) != nil else { continue }
      let group = graph.groups[trial.decisions[candidate.group].group]
      let kept = keepingEveryNode(
        Set(trial.decisions[candidate.group].removed), group: group, graph: graph,
        scores: scores[group.id])
      guard kept.count == trial.decisions[candidate.group].removed.count else { continue }
      let trialRPR = Double(trial.counts(for: network, graph: graph).parameters) / original
      guard trialRPR >= target - 0.005 else { continue }  // that cluster would overshoot
      plan = trial
      rpr = trialRPR
      refined += 1
    }
    plan.options["refinedClusters"] = String(refined)
    return (plan, rpr)
  }

  /// Puts back the best-scoring clusters of any node of the group that would keep fewer
  /// than `minChannels` channels (a group can span layers of different widths, as the
  /// residual group of an option-A ResNet spans three stages).
  func keepingEveryNode(
    _ removed: Set<Int>, group: DependencyGraph.Group, graph: DependencyGraph, scores: [Double]
  ) -> Set<Int> {
    var removed = removed
    for node in group.memberNodes {
      let clusters = graph.location[node].filter { $0.group == group.id }.map(\.cluster)
      let keptCount = clusters.filter { !removed.contains($0) }.count
      let needed = min(minChannels, clusters.count) - keptCount
      guard needed > 0 else { continue }
      let best = clusters.filter { removed.contains($0) }.sorted {
        (scores[$0], -$0) > (scores[$1], -$1)
      }
      for cluster in best.prefix(needed) { removed.remove(cluster) }
    }
    return removed
  }

  /// The plan this policy makes for `network` from per-group cluster scores.
  ///
  /// With `tieBreakSeed`, `ratio` orders equal scores by a key drawn from the seed, the
  /// group and the cluster (recorded as the plan's `tieBreakSeed` option) instead of by
  /// channel index, which would always remove the first channels of a layer whose scores
  /// tie (HRank's integer ranks, dead filters scoring 0).
  public func plan(
    for network: Network, graph: DependencyGraph, scores: [[Double]], method: String,
    options: [String: String], tieBreakSeed: UInt64? = nil
  ) throws -> PruningPlan {
    var options = options
    if let tieBreakSeed, kind == .ratio { options["tieBreakSeed"] = String(tieBreakSeed) }
    let prunable = graph.groups.filter(\.prunable)
    func decisions(_ removed: (DependencyGraph.Group) -> [Int]) -> [PruningPlan.GroupDecision] {
      prunable.map { group in
        PruningPlan.GroupDecision(
          group: group.id, producers: group.producerNodes.map { network.nodes[$0].name },
          channelCount: group.channelCount,
          removed: keepingEveryNode(
            Set(removed(group)), group: group, graph: graph, scores: scores[group.id]
          ).sorted())
      }
    }
    func make(_ d: [PruningPlan.GroupDecision]) -> PruningPlan {
      PruningPlan(method: method, options: options, policy: self, decisions: d)
    }
    switch self {
    case .percentile(let k, _):
      guard (0...100).contains(k) else {
        throw PruningError.invalidOption("k = \(k) is not in [0, 100]")
      }
      return make(
        decisions {
          Self.removed(
            scores: scores[$0.id], keepingAtLeast: Self.percentile(scores[$0.id], k),
            minChannels: minChannels)
        })
    case .global(let k, _):
      guard (0...100).contains(k) else {
        throw PruningError.invalidOption("k = \(k) is not in [0, 100]")
      }
      let normalised = Dictionary(
        uniqueKeysWithValues: prunable.map { group -> (Int, [Double]) in
          let mean = scores[group.id].reduce(0, +) / Double(max(1, group.channelCount))
          return (group.id, scores[group.id].map { mean > 0 ? $0 / mean : 0 })
        })
      let threshold = Self.percentile(normalised.values.flatMap { $0 }, k)
      return make(
        decisions {
          Self.removed(
            scores: normalised[$0.id]!, keepingAtLeast: threshold, minChannels: minChannels)
        })
    case .ratio(let r, _):
      guard (0..<1).contains(r) else {
        throw PruningError.invalidOption("ratio \(r) is not in [0, 1)")
      }
      return make(
        decisions { group in
          let s = scores[group.id]
          let count = min(Int((r * Double(s.count)).rounded()), s.count - min(minChannels, s.count))
          let key: [UInt64] = s.indices.map { cluster in
            tieBreakSeed.map {
              SeededGenerator.derive($0, UInt64(group.id) << 32 | UInt64(cluster))
            } ?? UInt64(cluster)
          }
          return Array(s.indices.sorted { (s[$0], key[$0]) < (s[$1], key[$1]) }.prefix(count))
        })
    case .targetRPR(let p, _):
      guard p > 0, p <= 1 else {
        throw PruningError.invalidOption("target RPR \(p) is not in (0, 1]")
      }
      let original = Double(network.parameterCount)
      func attempt(_ k: Double) throws -> (PruningPlan, Double) {
        var plan = try PruningPolicy.percentile(k: k, minChannels: minChannels).plan(
          for: network, graph: graph, scores: scores, method: method, options: options)
        plan.policy = self
        // Counted from channel counts: the search tries dozens of plans and cuts none.
        try plan.validate(for: network, graph: graph)
        return (plan, Double(plan.counts(for: network, graph: graph).parameters) / original)
      }
      // RPR falls as k rises: bisect on k.
      var (low, high) = (0.0, 100.0)
      var best = try attempt(0)
      var closestAbove = best
      for _ in 0..<30 {
        let mid = (low + high) / 2
        let candidate = try attempt(mid)
        if abs(candidate.1 - p) < abs(best.1 - p) { best = candidate }
        if candidate.1 > p && candidate.1 < closestAbove.1 { closestAbove = candidate }
        if abs(candidate.1 - p) <= 0.001 { break }
        if candidate.1 > p { low = mid } else { high = mid }
      }
      if abs(best.1 - p) > 0.005 {
        // Groups of equal size cross their order statistics at the same k, so RPR(k) can
        // jump over the target: remove further clusters one at a time, lowest score
        // relative to its group's mean first, from the closest plan above the target.
        best = try refine(
          closestAbove.0, towards: p, network: network, graph: graph, scores: scores,
          original: original)
      }
      guard abs(best.1 - p) <= 0.005 else {
        throw PruningError.invalidOption(
          "no plan reaches RPR \(p) within 0.5 points (closest: \(String(format: "%.4f", best.1)))")
      }
      best.0.options["achievedRPR"] = String(format: "%.6f", best.1)
      return best.0
    }
  }
}
