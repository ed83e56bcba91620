import Engine
import Foundation
import Pruning
import Results
import Testing

/// OCNNA's scores against an independent, straightforward Float64 computation: the
/// explicit covariance matrix and a Jacobi eigen-decomposition (`JacobiReference`), no
/// LAPACK.
struct OCNNAScoreTests {
  /// F of one map the straightforward way: centre, covariance XᵀX/(H − 1), eigenvalues,
  /// fewest components reaching the share, sqrt((H − 1) Σ λ).
  static func referenceNorm(_ map: [[Double]], share: Double) -> Double {
    let h = map.count, w = map[0].count
    let means = (0..<w).map { col in map.reduce(0) { $0 + $1[col] } / Double(h) }
    let centred = map.map { row in zip(row, means).map(-) }
    let covariance = (0..<w).map { a in
      (0..<w).map { b in centred.reduce(0) { $0 + $1[a] * $1[b] } / Double(h - 1) }
    }
    let values = JacobiReference.decompose(covariance).values.map { max(0, $0) }.sorted(by: >)
    let total = values.reduce(0, +)
    guard total > 0 else { return 0 }
    var kept = 0.0
    for v in values {
      kept += v
      if kept >= share * total * (1 - 1e-12) { break }
    }
    return (Double(h - 1) * kept).squareRoot()
  }

  @Test(arguments: [0.95, 1.0])
  func scoresMatchAnIndependentFloat64Computation(share: Double) {
    // 6 images, 4 channels of 5×4 maps; channel 3 is constant per image.
    var activation = Tensor(normal: [6, 4, 5, 4], seed: 7)
    for i in 0..<6 {
      for j in 0..<20 { activation.scalars[(i * 4 + 3) * 20 + j] = Float(i + 1) }
    }
    let norms = OCNNACriterion.frobeniusNorms(activation, varianceShare: share)
    for channel in 0..<4 {
      var reference: [Double] = []
      for i in 0..<6 {
        let map = (0..<5).map { r in
          (0..<4).map { c in Double(activation.scalars[((i * 4 + channel) * 5 + r) * 4 + c]) }
        }
        reference.append(Self.referenceNorm(map, share: share))
      }
      for i in 0..<6 {
        #expect(abs(norms[channel][i] - reference[i]) <= 1e-9 * max(1, reference[i]))
      }
      let score = OCNNACriterion.coefficientOfVariation(norms[channel])
      let mean: Double = reference.reduce(0, +) / 6
      var squares = 0.0
      for value in reference { squares += (value - mean) * (value - mean) }
      let std = (squares / 6).squareRoot()
      let expected: Double = mean > 0 ? std / mean : 0
      #expect(abs(score - expected) < 1e-9)
    }
    // A constant map has F = 0, so the constant channel scores 0.
    #expect(norms[3].allSatisfy { $0 == 0 })
    #expect(OCNNACriterion.coefficientOfVariation(norms[3]) == 0)
  }

  @Test func shareBelowOneKeepsFewerComponents() {
    let activation = Tensor(normal: [1, 1, 8, 8], seed: 3)
    let all = OCNNACriterion.frobeniusNorms(activation, varianceShare: 1)[0][0]
    let most = OCNNACriterion.frobeniusNorms(activation, varianceShare: 0.95)[0][0]
    let half = OCNNACriterion.frobeniusNorms(activation, varianceShare: 0.5)[0][0]
    #expect(all > most && most > half && half > 0)
    // With every component kept, F is the Frobenius norm of the centred map.
    var centred = activation.scalars.map(Double.init)
    for c in 0..<8 {
      let mean = (0..<8).reduce(0.0) { $0 + centred[$1 * 8 + c] } / 8
      for r in 0..<8 { centred[r * 8 + c] -= mean }
    }
    #expect(abs(all - centred.reduce(0) { $0 + $1 * $1 }.squareRoot()) < 1e-9)
  }

  @Test func percentileAndTiesBehaveAsSpecified() throws {
    // NumPy: percentile([1, 2, 3, 4], 50) = 2.5; ([1, 2, 3, 4], 25) = 1.75.
    #expect(PruningPolicy.percentile([4, 1, 3, 2], 50) == 2.5)
    #expect(PruningPolicy.percentile([1, 2, 3, 4], 25) == 1.75)
    #expect(PruningPolicy.percentile([5], 80) == 5)
    // A zero-mean filter scores 0 and goes first; ties at the threshold are kept.
    #expect(OCNNACriterion.coefficientOfVariation([0, 0, 0]) == 0)
    let network = try Network(
      inputShape: [1, 4, 4],
      nodes: [
        Node(
          "conv", .conv(.init(inputChannels: 1, outputChannels: 5, kernelSize: 3, padding: 1)),
          inputs: ["input"]),
        Node("pool", .globalAvgPool, inputs: ["conv"]), Node("flatten", .flatten, inputs: ["pool"]),
        Node("fc", .linear(.init(inputFeatures: 5, outputFeatures: 2)), inputs: ["flatten"]),
      ], seed: 1)
    let graph = DependencyGraph(network)
    let group = graph.groups.first(where: \.prunable)!
    var scores = graph.groups.map { [Double](repeating: 0, count: $0.channelCount) }
    scores[group.id] = [0, 0.5, 0.5, 0.5, 0.9]
    // The 50th percentile is 0.5: the three tied channels stay, only the zero goes.
    let plan = try PruningPolicy.percentile(k: 50, minChannels: 1).plan(
      for: network, graph: graph, scores: scores, method: "t", options: [:])
    #expect(plan.decisions.first { $0.group == group.id }?.removed == [0])
    // k = 100 keeps only the best; minChannels can keep more.
    let strict = try PruningPolicy.percentile(k: 100, minChannels: 2).plan(
      for: network, graph: graph, scores: scores, method: "t", options: [:])
    #expect(strict.decisions.first { $0.group == group.id }?.removed.count == 3)
    let ratio = try PruningPolicy.ratio(r: 0.4, minChannels: 1).plan(
      for: network, graph: graph, scores: scores, method: "t", options: [:])
    #expect(ratio.decisions.first { $0.group == group.id }?.removed == [0, 1])
  }

  @Test func targetRPRIsReachedWithinHalfAPoint() throws {
    let network = try SurgeryTests.network("resnet56", width: 0.5)
    let graph = DependencyGraph(network)
    let scores = try WeightCriterion(.l1).clusterScores(
      network, graph: graph, calibration: SurgeryTests.calibration())
    for target in [0.6, 0.3] {
      let plan = try PruningPolicy.targetRPR(p: target, minChannels: 1).plan(
        for: network, graph: graph, scores: scores, method: "l1", options: [:])
      let rpr = Double(try network.applying(plan).parameterCount) / Double(network.parameterCount)
      #expect(abs(rpr - target) <= 0.005)
    }
  }
}
