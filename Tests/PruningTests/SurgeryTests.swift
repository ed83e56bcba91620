import Engine
import Models
import Pruning
import Results
import TestSupport
import Testing

/// Every zoo architecture × every criterion × several k: the plan validates, the rebuilt
/// network keeps its output shape, loses parameters and MACs, and computes exactly what
/// the original computes with the removed channels zeroed.
struct SurgeryTests {
  static let architectures: [(String, Double)] = [
    ("vgg16", 0.25), ("resnet56", 0.5), ("resnet56-b", 0.5), ("resnet50", 0.125),
    ("densenet40", 0.5), ("mobilenet-v1", 0.25),
  ]

  /// A network with non-trivial BatchNorm statistics and affine parameters, so that
  /// zeroing and surgery are tested on realistic values.
  static func network(_ name: String, width: Double) throws -> Network {
    var network = try ModelSpec(architecture: name, classCount: 10, inputSize: 32, width: width)
      .build(seed: 3)
    var generator = SeededGenerator(seed: 9)
    for (i, tensorName) in network.buffers.names.enumerated() {
      let isVariance = tensorName.hasSuffix("running_var")
      network.buffers.tensors[i].scalars = network.buffers.tensors[i].scalars.map { _ in
        isVariance ? 0.5 + generator.nextUniform() : 0.2 * generator.nextNormal()
      }
    }
    for (i, tensorName) in network.parameters.names.enumerated()
    where network.parameters.tensors[i].rank == 1 {
      network.parameters.tensors[i].scalars = network.parameters.tensors[i].scalars.map { value in
        tensorName.hasSuffix(".weight")
          ? 0.5 + generator.nextUniform() : value + 0.1 * generator.nextNormal()
      }
    }
    return network
  }

  static func calibration() -> Calibration {
    Calibration(batches: [Tensor(normal: [4, 3, 32, 32], seed: 21)], labels: [[0, 3, 5, 9]])
  }

  @Test(arguments: architectures.map(\.0))
  func everyCriterionAndSeveralKGiveAnEquivalentSmallerNetwork(_ name: String) throws {
    let width = Self.architectures.first { $0.0 == name }!.1
    let network = try Self.network(name, width: width)
    let graph = DependencyGraph(network)
    let input = Tensor(normal: [2, 3, 32, 32], seed: 5)
    let expected = network.inference(input)
    for criterionName in Criteria.names {
      let criterion = try Criteria.make(criterionName, seed: 1)
      let scores = try criterion.clusterScores(
        network, graph: graph, calibration: Self.calibration())
      for k in [25.0, 60.0] {
        let plan = try PruningPolicy.percentile(k: k, minChannels: 1).plan(
          for: network, graph: graph, scores: scores, method: criterion.name,
          options: criterion.options)
        #expect(plan.removedCount > 0, "\(name) \(criterionName) k=\(k) removed nothing")
        let pruned = try network.applying(plan)
        #expect(
          plan.counts(for: network, graph: graph)
            == PrunedCounts(
              parameters: pruned.parameterCount,
              convolutionParameters: pruned.convolutionParameterCount, macs: pruned.macs),
          "\(name) \(criterionName) k=\(k): counts without cutting")
        #expect(pruned.outputShape == network.outputShape)
        #expect(pruned.parameterCount < network.parameterCount)
        #expect(pruned.macs < network.macs)
        let zeroed = try network.zeroing(plan)
        let a = pruned.inference(input), b = zeroed.inference(input)
        let scale = max(1e-3, b.scalars.map(abs).max()!)
        #expect(a.maxAbsoluteDifference(b) / scale < 1e-4, "\(name) \(criterionName) k=\(k)")
        // Zeroing is not a no-op: the removed channels mattered.
        #expect(expected.maxAbsoluteDifference(b) > 0)
      }
    }
  }

  @Test func vggGroupsAreItsConvolutions() throws {
    let network = VGG.vgg16(classCount: 10, width: 0.25)
    let graph = DependencyGraph(network)
    let prunable = graph.groups.filter(\.prunable)
    #expect(prunable.count == 13)
    #expect(
      prunable.map(\.channelCount)
        == VGG.vgg16Plan.filter { $0 > 0 }.map { scaledChannels($0, width: 0.25) })
    #expect(graph.groups.contains { !$0.prunable && $0.lockReason == "network input" })
    #expect(graph.groups.contains { !$0.prunable && $0.lockReason == "classifier output" })
  }

  @Test func resnetOptionATiesTheResidualChannelsAcrossStages() throws {
    let network = CIFARResNet.resnet(depth: 20, shortcut: .a)
    let graph = DependencyGraph(network)
    // One residual group (64 clusters: 16 carried from stage 1, 16 padded in stage 2,
    // 32 padded in stage 3) plus one group per block's first convolution (9).
    let prunable = graph.groups.filter(\.prunable)
    #expect(prunable.count == 10)
    let residual = prunable.max { $0.channelCount < $1.channelCount }!
    #expect(residual.channelCount == 64)
    #expect(residual.producerNodes.map { network.nodes[$0].name }.contains("layer3.2.conv2"))
    let optionB = DependencyGraph(CIFARResNet.resnet(depth: 20, shortcut: .b)).groups.filter(
      \.prunable)
    // Option B's projections separate the stages: three residual groups.
    #expect(optionB.count == 12)
  }

  @Test func plansForAnotherNetworkOrEmptyLayersAreRejected() throws {
    let network = CIFARResNet.resnet(depth: 20)
    let graph = DependencyGraph(network)
    let group = graph.groups.first(where: \.prunable)!
    let producers = group.producerNodes.map { network.nodes[$0].name }
    func plan(_ decisions: [PruningPlan.GroupDecision]) -> PruningPlan {
      PruningPlan(
        method: "test", options: [:], policy: .ratio(r: 0.5, minChannels: 1), decisions: decisions)
    }
    let all = Array(0..<group.channelCount)
    #expect(throws: PruningError.self) {
      try plan([
        .init(group: group.id, producers: producers, channelCount: group.channelCount, removed: all)
      ]).validate(for: network)
    }
    #expect(throws: PruningError.self) {
      try plan([
        .init(
          group: group.id, producers: ["elsewhere"], channelCount: group.channelCount, removed: [0])
      ]).validate(for: network)
    }
    #expect(throws: PruningError.self) {
      try plan([
        .init(
          group: group.id, producers: producers, channelCount: group.channelCount,
          removed: [group.channelCount])
      ]).validate(for: network)
    }
    let locked = graph.groups.first { !$0.prunable }!
    #expect(throws: PruningError.self) {
      try plan([
        .init(group: locked.id, producers: [], channelCount: locked.channelCount, removed: [0])
      ]).validate(for: network)
    }
    #expect(throws: PruningError.self) {
      try VGG.vgg16(width: 0.25).applying(
        plan([.init(group: 0, producers: producers, channelCount: group.channelCount, removed: [0])]
        ))
    }
  }
}

/// The target-RPR search counts parameters without cutting; the plan it settles on, once
/// cut, has the RPR it reported.
struct TargetRPRCountingTests {
  @Test(arguments: SurgeryTests.architectures.map(\.0))
  func theReportedRPRIsTheRebuiltNetworks(_ name: String) throws {
    let width = SurgeryTests.architectures.first { $0.0 == name }!.1
    let network = try SurgeryTests.network(name, width: width)
    let graph = DependencyGraph(network)
    let criterion = try Criteria.make("l1")
    let scores = try criterion.clusterScores(
      network, graph: graph, calibration: SurgeryTests.calibration())
    let plan = try PruningPolicy.targetRPR(p: 0.5, minChannels: 1).plan(
      for: network, graph: graph, scores: scores, method: criterion.name, options: [:])
    let achieved = try #require(plan.options["achievedRPR"].flatMap(Double.init))
    let rebuilt = Double(try network.applying(plan).parameterCount) / Double(network.parameterCount)
    #expect(abs(achieved - rebuilt) < 1e-6)
    #expect(abs(rebuilt - 0.5) <= 0.005)
  }
}
