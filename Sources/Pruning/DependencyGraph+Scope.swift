import Engine

extension DependencyGraph {
  /// The same graph with every group locked that one of `lockedProducers` (convolution
  /// name → reason, from `ScopePreset`) produces: the scope a run may prune. Surgery
  /// still sees the whole graph; only planning is restricted.
  public func restricted(lockingProducers lockedProducers: [String: String], in network: Network)
    -> DependencyGraph
  {
    var copy = self
    for index in copy.groups.indices where copy.groups[index].prunable {
      let reasons = copy.groups[index].producerNodes.compactMap { node in
        lockedProducers[network.nodes[node].name].map { "\(network.nodes[node].name): \($0)" }
      }
      if let first = reasons.first {
        copy.groups[index].prunable = false
        copy.groups[index].lockReason = "outside the scope (\(first))"
      }
    }
    return copy
  }
}
