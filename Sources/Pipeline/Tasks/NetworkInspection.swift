import Engine
import Foundation
import Models
import Pruning
import Results

/// `ocnna inspect`: a network's channel groups — the channels that must be pruned
/// together — with their member layers and whether pruning may touch them.
public struct NetworkInspection: Sendable {
  public struct Group: Sendable {
    public var id: Int
    public var channelCount: Int
    public var prunable: Bool
    /// Why a locked group is locked.
    public var lockReason: String?
    /// The layers whose output channels are the group's channels.
    public var producers: [String]
    /// Every layer that reads or writes the group's channels.
    public var members: [String]
  }

  public var parameterCount: Int
  public var groups: [Group]

  /// Inspects an ocnna checkpoint; under the literature scope, its recorded architecture
  /// (or `architecture`) chooses the layers.
  public static func checkpoint(
    _ path: String, scope: PruningScope = .coupled, architecture: String? = nil
  ) throws -> NetworkInspection {
    let url = URL(fileURLWithPath: path)
    let recorded = CheckpointSource(checkpoint: path, model: nil, normalization: "checkpoint")
      .recordedModel()?.architecture
    return NetworkInspection(
      try Checkpoint.load(from: url), scope: scope,
      architecture: architecture ?? recorded ?? "unrecorded")
  }

  /// Inspects a zoo architecture built for `inputSize`-pixel images of `classes` classes.
  public static func zoo(
    _ architecture: String, inputSize: Int, classes: Int, width: Double,
    scope: PruningScope = .coupled
  ) throws -> NetworkInspection {
    NetworkInspection(
      try ModelSpec(
        architecture: architecture, classCount: classes, inputSize: inputSize, width: width
      ).build(), scope: scope, architecture: architecture)
  }

  init(_ network: Network, scope: PruningScope, architecture: String) {
    parameterCount = network.parameterCount
    groups = DependencyGraph.planning(network, scope: scope, architecture: architecture).groups.map
    {
      group in
      Group(
        id: group.id, channelCount: group.channelCount, prunable: group.prunable,
        lockReason: group.lockReason,
        producers: group.producerNodes.map { network.nodes[$0].name },
        members: group.memberNodes.map { network.nodes[$0].name })
    }
  }
}
