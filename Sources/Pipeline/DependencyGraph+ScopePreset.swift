import Engine
import Models
import Pruning
import Results

extension DependencyGraph {
  /// The graph planning may prune for `scope`: the whole graph without one (protocol 1)
  /// and for `coupled`; the architecture's `ScopePreset` locked for `literature`. Runs and
  /// `ocnna inspect` both ask here, so what inspect shows is what a run prunes.
  public static func planning(_ network: Network, scope: PruningScope?, architecture: String)
    -> DependencyGraph
  {
    let graph = DependencyGraph(network)
    guard scope == .literature else { return graph }
    return graph.restricted(
      lockingProducers: ScopePreset.lockedProducers(architecture: architecture, network: network),
      in: network)
  }
}
