import Engine
import Pruning

/// Every score per group and channel of one pruning run, with what the plan removed: the
/// `scores.json` a cell's artifacts hold.
public struct ScoreReport: Encodable {
  public struct Group: Encodable {
    public var group: Int
    public var producers: [String]
    public var prunable: Bool
    public var scores: [Double]
    public var removed: [Int]
  }
  public var method: String
  public var options: [String: String]
  public var groups: [Group]

  public init(_ network: Network, plan: PruningPlan, scores: [[Double]]) {
    let graph = DependencyGraph(network)
    method = plan.method
    options = plan.options
    groups = graph.groups.filter { !$0.producerNodes.isEmpty }.map { group in
      Group(
        group: group.id, producers: group.producerNodes.map { network.nodes[$0].name },
        prunable: group.prunable,
        scores: scores[group.id],
        removed: plan.decisions.first { $0.group == group.id }?.removed ?? [])
    }
  }
}
