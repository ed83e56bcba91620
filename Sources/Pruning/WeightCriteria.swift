import Engine
import Results

/// Criteria computed from the convolution filters alone.
///
/// - L1: Li et al., "Pruning Filters for Efficient ConvNets", ICLR 2017 (arXiv:1608.08710).
/// - L2: the Euclidean norm of each filter.
/// - FPGM: He et al., "Filter Pruning via Geometric Median", CVPR 2019 (arXiv:1811.00250):
///   filters near the geometric median of their layer are redundant; the score of a
///   filter is its summed distance to the layer's other filters.
public struct WeightCriterion: PruningCriterion {
  public enum Kind: String, Sendable { case l1, l2, fpgm }
  public let kind: Kind

  public init(_ kind: Kind) { self.kind = kind }

  public var name: String { kind.rawValue }
  public var options: [String: String] { [:] }
  public var needsCalibration: Bool { false }

  public func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws
    -> [Int: [Double]]
  {
    var result = [Int: [Double]]()
    for producer in Set(graph.groups.flatMap(\.producerNodes)) {
      let weight = network.parameters["\(network.nodes[producer].name).weight"]!
      let rows = weight.shape[0], size = weight.count / rows
      let filters = (0..<rows).map { r in
        weight.scalars[(r * size)..<((r + 1) * size)].map(Double.init)
      }
      switch kind {
      case .l1: result[producer] = filters.map { $0.reduce(0) { $0 + abs($1) } }
      case .l2: result[producer] = filters.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
      case .fpgm:
        result[producer] = filters.indices.map { i in
          var total = 0.0
          for j in filters.indices { total += Self.distance(filters[i], filters[j]) }
          return total
        }
      }
    }
    return result
  }

  static func distance(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for k in a.indices { sum += (a[k] - b[k]) * (a[k] - b[k]) }
    return sum.squareRoot()
  }
}

/// Random scores from a seed: the floor every method must beat.
public struct RandomCriterion: PruningCriterion {
  public let seed: UInt64
  public init(seed: UInt64) { self.seed = seed }
  public var name: String { CriterionName.random.slug }
  public var options: [String: String] { ["seed": String(seed), "drawn": "per cluster"] }
  public var needsCalibration: Bool { false }

  /// One uniform draw per channel of every producer (what `scores` reports per node).
  public func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws
    -> [Int: [Double]]
  {
    var result = [Int: [Double]]()
    for producer in Set(graph.groups.flatMap(\.producerNodes)) {
      result[producer] = (0..<network.nodeShapes[producer][0]).map {
        Self.draw(seed: seed, node: producer, channel: $0)
      }
    }
    return result
  }

  /// One uniform draw per cluster, keyed by the cluster's first producer slot: averaging
  /// one draw per producer would pull coupled clusters towards 0.5 and bias which of
  /// them go (protocol 1 did).
  public func clusterScores(
    _ network: Network, graph: DependencyGraph, calibration: Calibration, normalisingPerNode: Bool
  ) throws -> [[Double]] {
    graph.groups.map { group in
      group.clusters.map { cluster in
        let first = cluster.producers.min { ($0.node, $0.channel) < ($1.node, $1.channel) }
        return first.map { Self.draw(seed: seed, node: $0.node, channel: $0.channel) } ?? 0
      }
    }
  }

  /// A uniform value in [0, 1) fixed by the seed, the node and the channel.
  static func draw(seed: UInt64, node: Int, channel: Int) -> Double {
    var generator = SeededGenerator(
      seed: SeededGenerator.derive(seed, UInt64(node) << 32 | UInt64(channel)))
    return Double(generator.nextUniform())
  }
}

/// Network Slimming (Liu et al., "Learning Efficient Convolutional Networks through
/// Network Slimming", ICCV 2017, arXiv:1708.06519): a channel's importance is |γ| of the
/// BatchNorm that scales it. Train with `SGD.Settings.batchNormL1` > 0 for the paper's
/// sparsity regularisation.
public struct SlimmingCriterion: PruningCriterion {
  public init() {}
  public var name: String { CriterionName.slimming.slug }
  public var options: [String: String] { [:] }
  public var needsCalibration: Bool { false }

  public func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws
    -> [Int: [Double]]
  {
    var result = [Int: [Double]]()
    for (i, node) in network.nodes.enumerated() {
      if case .batchNorm = node.operation {
        result[i] = network.parameters["\(node.name).weight"]!.scalars.map { Double(abs($0)) }
      }
    }
    return result
  }
}
