import Engine
import Models
import Pruning
import Results
import Testing

/// The literature scope per zoo architecture, the `ratio` policy's identical architectures,
/// seeded tie-breaking and random drawn once per cluster (issue 16, items 1–2).
struct ScopeTests {
  /// The graph a literature-scope run plans on.
  static func literatureGraph(_ network: Network, _ architecture: String) -> DependencyGraph {
    DependencyGraph(network).restricted(
      lockingProducers: ScopePreset.lockedProducers(architecture: architecture, network: network),
      in: network)
  }

  /// The producers of every prunable group, joined.
  static func prunableProducers(_ network: Network, _ architecture: String) -> Set<String> {
    Set(
      literatureGraph(network, architecture).groups.filter(\.prunable).flatMap {
        $0.producerNodes.map { network.nodes[$0].name }
      })
  }

  static func convNames(_ network: Network) -> [String] {
    network.nodes.compactMap { if case .conv = $0.operation { $0.name } else { nil } }
  }

  @Test(arguments: ["resnet56", "resnet56-b", "resnet20"])
  func cifarResNetsPruneOnlyTheFirstConvOfEachBlock(_ architecture: String) throws {
    let network = try ModelSpec(architecture: architecture, width: 0.5).build()
    let expected = Set(
      Self.convNames(network).filter { $0.hasPrefix("layer") && $0.hasSuffix(".conv1") })
    #expect(expected.count == (architecture == "resnet20" ? 9 : 27))
    #expect(Self.prunableProducers(network, architecture) == expected)
    // Every group of the literature scope has exactly one producer: no coupling left.
    for group in Self.literatureGraph(network, architecture).groups where group.prunable {
      #expect(group.producerNodes.count == 1)
    }
    let locked = Self.literatureGraph(network, architecture).groups.filter {
      !$0.prunable && $0.producerNodes.contains(network.nodeIndex("conv1")!)
    }
    #expect(locked.first?.lockReason?.contains("stem") == true)
  }

  @Test func resnet50PrunesTheTwoInnerConvsOfEachBottleneck() throws {
    let network = try ModelSpec(architecture: "resnet50", width: 0.125).build()
    let expected = Set(
      Self.convNames(network).filter { $0.hasSuffix(".conv1") || $0.hasSuffix(".conv2") }.filter {
        $0.hasPrefix("layer")
      })
    #expect(expected.count == 32)
    #expect(Self.prunableProducers(network, "resnet50") == expected)
  }

  @Test func densenet40PrunesTheDenseLayersButTheLast() throws {
    let network = try ModelSpec(architecture: "densenet40", width: 0.5).build()
    let expected = Set(
      Self.convNames(network).filter { $0.hasPrefix("dense") && $0 != "dense3.11.conv" })
    #expect(expected.count == 35)
    #expect(Self.prunableProducers(network, "densenet40") == expected)
  }

  @Test func mobilenetLocksOnlyTheStem() throws {
    let network = try ModelSpec(architecture: "mobilenet-v1", width: 0.25).build()
    let coupled = DependencyGraph(network).groups.filter(\.prunable)
    let literature = Self.literatureGraph(network, "mobilenet-v1").groups.filter(\.prunable)
    #expect(literature.count == coupled.count - 1)
    #expect(!Self.prunableProducers(network, "mobilenet-v1").contains("conv1"))
  }

  @Test func vggPrunesAllThirteenConvs() throws {
    let network = try ModelSpec(architecture: "vgg16", width: 0.25).build()
    #expect(Self.prunableProducers(network, "vgg16") == Set(Self.convNames(network)))
    #expect(Self.convNames(network).count == 13)
  }

  @Test func anUnknownArchitectureLocksTheStemAndTheResidualSums() throws {
    let network = try ModelSpec(architecture: "resnet20", width: 0.5).build()
    #expect(
      Self.prunableProducers(network, "unrecorded") == Self.prunableProducers(network, "resnet20"))
  }

  /// Random scores for a network, per cluster, and a tiny calibration for the others.
  static func scores(_ criterion: String, _ network: Network, _ graph: DependencyGraph) throws
    -> [[Double]]
  {
    let calibration = Calibration(
      batches: [Tensor(normal: [4, 3, 32, 32], seed: 21)], labels: [[0, 3, 5, 9]])
    return try Criteria.make(criterion, seed: 1).clusterScores(
      network, graph: graph, calibration: calibration)
  }

  @Test func ratioGivesEveryCriterionTheSameArchitecture() throws {
    let network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 2)
    let graph = Self.literatureGraph(network, "resnet20")
    var shapes: [[[Int]]] = []
    for criterion in Criteria.names {
      let plan = try PruningPolicy.ratio(r: 0.5, minChannels: 1).plan(
        for: network, graph: graph, scores: Self.scores(criterion, network, graph),
        method: criterion, options: [:], tieBreakSeed: 3)
      let pruned = try network.applying(plan)
      shapes.append(pruned.nodeShapes)
      #expect(pruned.parameterCount < network.parameterCount)
    }
    #expect(Set(shapes.map { "\($0)" }).count == 1, "every criterion gives the same shapes")
  }

  @Test func tiesAreBrokenBySeedNotByIndex() throws {
    let network = try ModelSpec(architecture: "resnet20", width: 0.5).build()
    let graph = Self.literatureGraph(network, "resnet20")
    let flat = graph.groups.map { [Double](repeating: 1, count: $0.channelCount) }
    func removed(_ seed: UInt64?) throws -> [[Int]] {
      try PruningPolicy.ratio(r: 0.5, minChannels: 1).plan(
        for: network, graph: graph, scores: flat, method: "test", options: [:],
        tieBreakSeed: seed
      ).decisions.map(\.removed)
    }
    #expect(try removed(7) == removed(7), "the same seed, the same plan")
    #expect(try removed(7) != removed(8), "another seed, other channels")
    let byIndex = try removed(nil)
    #expect(byIndex.allSatisfy { $0 == Array(0..<$0.count) }, "without a seed: the first channels")
    #expect(try removed(7) != byIndex)
    let plan = try PruningPolicy.ratio(r: 0.5, minChannels: 1).plan(
      for: network, graph: graph, scores: flat, method: "test", options: [:], tieBreakSeed: 7)
    #expect(plan.options["tieBreakSeed"] == "7")
  }

  @Test func randomDrawsOncePerClusterEvenWhenClustersAreCoupled() throws {
    let network = try ModelSpec(architecture: "resnet20", width: 0.5).build()
    let graph = DependencyGraph(network)
    let residual = try #require(graph.groups.first { $0.producerNodes.count > 1 })
    let scores = try RandomCriterion(seed: 4).clusterScores(
      network, graph: graph, calibration: Calibration(batches: [], labels: []))
    let values = scores[residual.id]
    // Averages of several uniforms crowd the middle; single draws spread over [0, 1).
    #expect(values.contains { $0 < 0.1 } && values.contains { $0 > 0.9 })
    let again = try RandomCriterion(seed: 4).clusterScores(
      network, graph: graph, calibration: Calibration(batches: [], labels: []))
    #expect(again == scores)
  }

  @Test func coupledScoresAreNormalisedPerProducingLayer() throws {
    let network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 5)
    let graph = DependencyGraph(network)
    let raw = try WeightCriterion(.l1).scores(
      network, graph: graph, calibration: Calibration(batches: [], labels: []))
    let normalised = try WeightCriterion(.l1).clusterScores(
      network, graph: graph, calibration: Calibration(batches: [], labels: []),
      normalisingPerNode: true)
    let single = try #require(graph.groups.first { $0.prunable && $0.producerNodes.count == 1 })
    let node = single.producerNodes[0]
    let mean = raw[node]!.reduce(0, +) / Double(raw[node]!.count)
    for (k, cluster) in single.clusters.enumerated() {
      #expect(
        abs(normalised[single.id][k] - raw[node]![cluster.producers[0].channel] / mean) < 1e-12)
    }
  }
}
