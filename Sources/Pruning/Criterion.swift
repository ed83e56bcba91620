import Engine
import Results

/// Calibration batches: images in eval mode (docs/method.md §1) and their labels (for
/// gradient-based criteria).
public struct Calibration: Sendable {
  public var batches: [Tensor]
  public var labels: [[Int]]

  public init(batches: [Tensor], labels: [[Int]]) {
    self.batches = batches
    self.labels = labels
  }

  public var imageCount: Int { batches.reduce(0) { $0 + $1.shape[0] } }
}

/// An importance criterion: scores for the output channels of the nodes it looks at
/// (higher = more important). Scores of the nodes that share a channel are averaged
/// into one score per cluster (docs/method.md §6).
public protocol PruningCriterion: Sendable {
  /// The method's name in plans and results (`ocnna`, `l1`, …).
  var name: String { get }
  /// Every option's value, recorded in each result.
  var options: [String: String] { get }
  /// Whether `scores` reads calibration images.
  var needsCalibration: Bool { get }
  /// Per node index, one score per output channel.
  func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws -> [Int:
    [Double]]
  /// Per group, one score per cluster (a requirement so that `random` can draw once per
  /// cluster instead of averaging one draw per producer).
  func clusterScores(
    _ network: Network, graph: DependencyGraph, calibration: Calibration, normalisingPerNode: Bool
  ) throws -> [[Double]]
}

extension PruningCriterion {
  /// `clusterScores` with each node's raw scores (protocol 1 and the literature scope,
  /// where a prunable cluster has one producer).
  public func clusterScores(_ network: Network, graph: DependencyGraph, calibration: Calibration)
    throws -> [[Double]]
  {
    try clusterScores(network, graph: graph, calibration: calibration, normalisingPerNode: false)
  }

  /// Per group, one score per cluster: the mean of the scores the criterion gave the
  /// cluster's slots (0 where it scored none). With `normalisingPerNode`, each node's
  /// scores are first divided by their mean over the node's channels, so that layers
  /// whose scores differ in scale (L1 grows with depth, HRank falls) weigh alike inside a
  /// coupled group (the `coupled` scope).
  public func clusterScores(
    _ network: Network, graph: DependencyGraph, calibration: Calibration, normalisingPerNode: Bool
  ) throws -> [[Double]] {
    var perNode = try scores(network, graph: graph, calibration: calibration)
    if normalisingPerNode {
      perNode = perNode.mapValues { values in
        let mean = values.reduce(0, +) / Double(max(1, values.count))
        return mean > 0 ? values.map { $0 / mean } : values
      }
    }
    return graph.groups.map { group in
      group.clusters.map { cluster in
        let values = cluster.slots.compactMap { slot in
          slot.node >= 0 ? perNode[slot.node]?[slot.channel] : nil
        }
        return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
      }
    }
  }
}

/// Runs the calibration batches in eval mode and hands each batch's activations at the
/// given sites to `body` (site node → `NCHW` activation).
func forEachCalibrationBatch(
  _ network: Network, calibration: Calibration, sites: Set<Int>, _ body: ([Int: Tensor]) -> Void
) {
  let names = Set(sites.map { network.nodes[$0].name })
  for batch in calibration.batches {
    let retained = network.inference(batch, retaining: names).retained
    var byIndex = [Int: Tensor]()
    for (name, tensor) in retained { byIndex[network.nodeIndex(name)!] = tensor }
    body(byIndex)
  }
}
