import Engine
import Foundation
import Results

/// Which channels a pruning run removes, with everything that chose them: the method, its
/// options and the policy. Saved as JSON beside the pruned checkpoint; `Network.applying`
/// is the only code that turns it into a smaller network.
public struct PruningPlan: Codable, Hashable, Sendable {
  /// One group's decision.
  public struct GroupDecision: Codable, Hashable, Sendable {
    /// The group's position in the network's `DependencyGraph`.
    public var group: Int
    /// The names of the convolutions that produce the group's channels (checked on apply).
    public var producers: [String]
    public var channelCount: Int
    /// Cluster indices removed, ascending.
    public var removed: [Int]

    public init(group: Int, producers: [String], channelCount: Int, removed: [Int]) {
      self.group = group
      self.producers = producers
      self.channelCount = channelCount
      self.removed = removed
    }
  }

  public var schemaVersion = 1
  /// The criterion's name (`ocnna`, `l1`, …).
  public var method: String
  /// The criterion's options, as recorded in results.
  public var options: [String: String]
  public var policy: PruningPolicy
  public var decisions: [GroupDecision]

  public init(
    method: String, options: [String: String], policy: PruningPolicy, decisions: [GroupDecision]
  ) {
    self.method = method
    self.options = options
    self.policy = policy
    self.decisions = decisions
  }

  /// Checks the plan against `network`: groups exist with the same producers and sizes,
  /// indices are in range and unique, only prunable groups lose channels, and every node
  /// keeps at least one channel.
  public func validate(for network: Network, graph: DependencyGraph? = nil) throws {
    let graph = graph ?? DependencyGraph(network)
    func fail(_ message: String) -> PruningError { .invalidPlan(message) }
    var seen = Set<Int>()
    for decision in decisions {
      guard graph.groups.indices.contains(decision.group) else {
        throw fail("group \(decision.group) does not exist (the network has \(graph.groups.count))")
      }
      guard seen.insert(decision.group).inserted else {
        throw fail("group \(decision.group) is listed twice")
      }
      let group = graph.groups[decision.group]
      let producers = group.producerNodes.map { network.nodes[$0].name }
      guard producers == decision.producers, group.channelCount == decision.channelCount else {
        throw fail(
          "group \(decision.group) is \(producers) with \(group.channelCount) channels in this network, the plan says \(decision.producers) with \(decision.channelCount): the plan belongs to another architecture"
        )
      }
      guard decision.removed.isEmpty || group.prunable else {
        throw fail(
          "group \(decision.group) (\(producers.first ?? "?")…) cannot be pruned: \(group.lockReason ?? "locked")"
        )
      }
      guard Set(decision.removed).count == decision.removed.count,
        decision.removed.allSatisfy({ (0..<group.channelCount).contains($0) })
      else {
        throw fail(
          "group \(decision.group): removed indices must be unique and in 0..<\(group.channelCount)"
        )
      }
    }
    let kept = keptChannels(network, graph: graph)
    for (index, channels) in kept.enumerated() where channels.isEmpty {
      throw fail("node '\(network.nodes[index].name)' would keep no channel")
    }
  }

  /// For every node, the indices of its output channels that survive.
  public func keptChannels(_ network: Network, graph: DependencyGraph) -> [[Int]] {
    var removed = Set<Int64>()
    for decision in decisions {
      for cluster in decision.removed {
        removed.insert(Int64(decision.group) << 32 | Int64(cluster))
      }
    }
    return graph.location.map { channels in
      channels.indices.filter {
        !removed.contains(Int64(channels[$0].group) << 32 | Int64(channels[$0].cluster))
      }
    }
  }

  /// The number of channels removed in all.
  public var removedCount: Int { decisions.reduce(0) { $0 + $1.removed.count } }
}

/// An error in pruning input a user can cause (a plan for another network, an impossible policy).
public enum PruningError: Error, CustomStringConvertible, Equatable {
  case invalidPlan(String)
  case invalidOption(String)

  public var description: String {
    switch self {
    case .invalidPlan(let message): "invalid pruning plan: \(message)"
    case .invalidOption(let message): "invalid pruning option: \(message)"
    }
  }
}
