import Engine
import Foundation
import Pruning
import Results
import Testing

/// Every baseline criterion's scores on a network small enough to score by hand, and the
/// `global` policy's decisions on hand-picked scores. Each expected value is worked out
/// in the comments from the weights and images below, not read back from the code.
struct CriterionValueTests {
  /// input (2 channels, 3 × 3) → conv1 (1 × 1, 2 → 3) → bn1 → relu1 → conv2 (1 × 1, 3 → 2)
  /// → global average pool → flatten → fc (2 → 2). conv1's filters are
  /// f₀ = (1, −2), f₁ = (3, 0), f₂ = (0, 0.5); bn1's scales are γ = (0.5, −2, 1).
  static func network() throws -> Network {
    var network = try Network(
      inputShape: [2, 3, 3],
      nodes: [
        Node(
          "conv1", .conv(ConvolutionConfig(inputChannels: 2, outputChannels: 3, kernelSize: 1)),
          inputs: [Node.networkInput]),
        Node("bn1", .batchNorm(BatchNormConfig(channels: 3)), inputs: ["conv1"]),
        Node("relu1", .relu, inputs: ["bn1"]),
        Node(
          "conv2", .conv(ConvolutionConfig(inputChannels: 3, outputChannels: 2, kernelSize: 1)),
          inputs: ["relu1"]),
        Node("pool", .globalAvgPool, inputs: ["conv2"]),
        Node("flatten", .flatten, inputs: ["pool"]),
        Node(
          "fc", .linear(LinearConfig(inputFeatures: 2, outputFeatures: 2)), inputs: ["flatten"]),
      ], seed: 1)
    network.parameters["conv1.weight"] = Tensor(
      shape: [3, 2, 1, 1], scalars: [1, -2, 3, 0, 0, 0.5])
    network.parameters["bn1.weight"] = Tensor(shape: [3], scalars: [0.5, -2, 1])
    return network
  }

  /// Image 0: X₀ = uvᵀ and X₁ = pqᵀ (two rank-1 maps that together span rank 2);
  /// image 1: X₀ = 0 and X₁ = pqᵀ.
  static func calibration() -> Calibration {
    let u: [Float] = [1, 2, 3], v: [Float] = [1, 0, -1]
    let p: [Float] = [1, -1, 2], q: [Float] = [2, 1, 1]
    func outer(_ a: [Float], _ b: [Float]) -> [Float] { a.flatMap { x in b.map { x * $0 } } }
    let zero = [Float](repeating: 0, count: 9)
    let images = outer(u, v) + outer(p, q) + zero + outer(p, q)
    return Calibration(batches: [Tensor(shape: [2, 2, 3, 3], scalars: images)], labels: [[0, 1]])
  }

  static func conv1Scores(_ criterion: any PruningCriterion) throws -> [Double] {
    let network = try network()
    let scores = try criterion.scores(
      network, graph: DependencyGraph(network), calibration: calibration())
    let conv1 = try #require(network.nodeIndex("conv1"))
    return try #require(scores[conv1])
  }

  static func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
  }

  @Test func l1IsTheSumOfAbsoluteWeights() throws {
    // |1| + |−2| = 3, |3| + 0 = 3, 0 + |0.5| = 0.5
    #expect(try Self.conv1Scores(WeightCriterion(.l1)) == [3, 3, 0.5])
  }

  @Test func l2IsTheEuclideanNorm() throws {
    let scores = try Self.conv1Scores(WeightCriterion(.l2))
    #expect(Self.close(scores, [Double(5).squareRoot(), 3, 0.5]))
  }

  @Test func fpgmIsTheSummedDistanceToTheOtherFilters() throws {
    // ‖f₀ − f₁‖² = 4 + 4 = 8, ‖f₀ − f₂‖² = 1 + 6.25 = 7.25, ‖f₁ − f₂‖² = 9 + 0.25 = 9.25
    let d01 = Double(8).squareRoot(), d02 = Double(7.25).squareRoot()
    let d12 = Double(9.25).squareRoot()
    let scores = try Self.conv1Scores(WeightCriterion(.fpgm))
    #expect(Self.close(scores, [d01 + d02, d01 + d12, d02 + d12]))
  }

  @Test func slimmingIsTheAbsoluteBatchNormScale() throws {
    let network = try Self.network()
    let scores = try SlimmingCriterion().scores(
      network, graph: DependencyGraph(network), calibration: Self.calibration())
    let bn1 = try #require(network.nodeIndex("bn1"))
    #expect(scores[bn1] == [0.5, 2, 1])
  }

  @Test func hrankIsTheMeanRankOfTheRawMaps() throws {
    // Image 0: f₀ → uvᵀ − 2pqᵀ (rank 2), f₁ → 3uvᵀ (rank 1), f₂ → 0.5pqᵀ (rank 1).
    // Image 1: f₀ → −2pqᵀ (rank 1), f₁ → 0 (rank 0), f₂ → 0.5pqᵀ (rank 1).
    #expect(try Self.conv1Scores(HRankCriterion(site: .raw)) == [1.5, 0.5, 1])
  }

  /// Taylor's |Σ a · ∂L/∂a| over a channel equals |dL/dε| when the channel's raw output is
  /// scaled by (1 + ε), which scaling its filter does: checked by central differences of
  /// the cross-entropy of the calibration batch.
  @Test func taylorMatchesTheDerivativeOfTheLossUnderChannelScaling() throws {
    let network = try Self.network()
    let calibration = Self.calibration()
    let scores = try Self.conv1Scores(TaylorCriterion(site: .raw))
    func loss(scalingFilter filter: Int, by factor: Float) -> Double {
      var copy = network
      var weight = copy.parameters["conv1.weight"]!
      for i in (filter * 2)..<(filter * 2 + 2) { weight.scalars[i] *= factor }
      copy.parameters["conv1.weight"] = weight
      let logits = copy.inference(calibration.batches[0])
      return Double(
        CrossEntropy.lossAndGradient(logits: logits, labels: calibration.labels[0]).loss)
    }
    let epsilon: Float = 1e-2
    for filter in 0..<3 {
      let derivative =
        (loss(scalingFilter: filter, by: 1 + epsilon) - loss(scalingFilter: filter, by: 1 - epsilon))
        / (2 * Double(epsilon))
      #expect(
        abs(scores[filter] - abs(derivative)) <= 1e-3 + 1e-2 * abs(derivative),
        "filter \(filter): Taylor \(scores[filter]), finite difference \(abs(derivative))")
    }
  }

  @Test func randomScoresAreDeterministicPerSeedAndDifferAcrossSeeds() throws {
    let a = try Self.conv1Scores(RandomCriterion(seed: 7))
    let b = try Self.conv1Scores(RandomCriterion(seed: 7))
    let c = try Self.conv1Scores(RandomCriterion(seed: 8))
    #expect(a == b)
    #expect(a != c)
    #expect(a.allSatisfy { (0..<1).contains($0) })
  }

  /// `global` divides each group's scores by the group's mean and applies one percentile
  /// threshold to all of them.
  @Test func globalThresholdsScoresOverTheirGroupMean() throws {
    let network = try Self.network()
    let graph = DependencyGraph(network)
    let conv1 = try #require(graph.groups.first { $0.prunable && $0.channelCount == 3 })
    let conv2 = try #require(graph.groups.first { $0.prunable && $0.channelCount == 2 })
    var scores = graph.groups.map { [Double](repeating: 1, count: $0.channelCount) }
    // conv1: mean 2 → normalised (0.5, 1, 1.5); conv2: mean 10 → (0.2, 1.8).
    scores[conv1.id] = [1, 2, 3]
    scores[conv2.id] = [2, 18]
    // The five normalised scores sorted: 0.2, 0.5, 1, 1.5, 1.8. k = 40 sits at position
    // 4 · 0.4 = 1.6 → 0.5 + 0.6 · (1 − 0.5) = 0.8: conv1 loses channel 0, conv2 channel 0.
    let plan = try PruningPolicy.global(k: 40, minChannels: 1).plan(
      for: network, graph: graph, scores: scores, method: "test", options: [:])
    let removed = Dictionary(uniqueKeysWithValues: plan.decisions.map { ($0.group, $0.removed) })
    #expect(removed[conv1.id] == [0])
    #expect(removed[conv2.id] == [0])
    // k = 80: position 3.2 → 1.5 + 0.2 · 0.3 = 1.56: conv1 keeps only channel 2, conv2
    // only channel 1.
    let tighter = try PruningPolicy.global(k: 80, minChannels: 1).plan(
      for: network, graph: graph, scores: scores, method: "test", options: [:])
    let removedTighter = Dictionary(
      uniqueKeysWithValues: tighter.decisions.map { ($0.group, $0.removed) })
    #expect(removedTighter[conv1.id] == [0, 1])
    #expect(removedTighter[conv2.id] == [0])
  }
}

/// The catalogue of criteria and the scoring code name the same criteria.
struct CriterionCatalogueTests {
  @Test func everyCatalogueEntryHasScoringCodeUnderItsOwnName() throws {
    for entry in CriterionName.all {
      let criterion = try Criteria.make(entry.slug)
      #expect(criterion.name == entry.slug)
      // Cost estimates read the catalogue; the scoring code must agree with it.
      #expect(criterion.needsCalibration == (entry.calibration != .weightsOnly), "\(entry.slug)")
    }
    #expect(Set(CriterionName.slugs).count == CriterionName.all.count)
  }

  @Test func anUnknownNameListsTheKnownOnes() {
    #expect(throws: PruningError.self) { try Criteria.make("nosuch") }
    do {
      _ = try Criteria.make("nosuch")
    } catch {
      #expect("\(error)".contains(CriterionName.slugs.joined(separator: ", ")))
    }
  }
}
