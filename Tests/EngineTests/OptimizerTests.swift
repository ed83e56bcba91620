import Engine
import Testing

struct OptimizerTests {
  static func tinyNetwork() throws -> Network {
    try Network(
      inputShape: [1, 1, 1],
      nodes: [
        Node("bn", .batchNorm(.init(channels: 1)), inputs: ["input"]),
        Node("flatten", .flatten, inputs: ["bn"]),
        Node("fc", .linear(.init(inputFeatures: 1, outputFeatures: 1)), inputs: ["flatten"]),
      ], seed: 0)
  }

  @Test func momentumAndWeightDecayFollowPyTorch() throws {
    var network = try Self.tinyNetwork()
    network.parameters["fc.weight"] = Tensor(shape: [1, 1], scalars: [2])
    let biasBefore = network.parameters["fc.bias"]!.scalars[0]
    var optimizer = SGD(
      for: network, settings: .init(momentum: 0.5, weightDecay: 0.1, decayNormAndBias: false))
    let gradients = NamedTensors(
      names: network.parameters.names,
      tensors: network.parameters.tensors.map { Tensor(repeating: 1, shape: $0.shape) })
    optimizer.step(&network.parameters, gradients: gradients, learningRate: 0.1)
    // g = 1 + 0.1·2 = 1.2; v = 1.2; w = 2 − 0.12 = 1.88
    #expect(abs(network.parameters["fc.weight"]!.scalars[0] - 1.88) < 1e-6)
    // BatchNorm γ (1) and the bias (0) get no decay: w = w − 0.1·1.
    #expect(abs(network.parameters["bn.weight"]!.scalars[0] - 0.9) < 1e-6)
    #expect(abs(network.parameters["fc.bias"]!.scalars[0] - (biasBefore - 0.1)) < 1e-6)
    optimizer.step(&network.parameters, gradients: gradients, learningRate: 0.1)
    // g = 1 + 0.188 = 1.188; v = 0.6 + 1.188 = 1.788; w = 1.88 − 0.1788
    #expect(abs(network.parameters["fc.weight"]!.scalars[0] - (1.88 - 0.1788)) < 1e-5)
  }

  @Test func nesterovLooksAhead() throws {
    var network = try Self.tinyNetwork()
    network.parameters["fc.weight"] = Tensor(shape: [1, 1], scalars: [0])
    var optimizer = SGD(
      for: network, settings: .init(momentum: 0.9, nesterov: true, weightDecay: 0))
    let gradients = NamedTensors(
      names: network.parameters.names,
      tensors: network.parameters.tensors.map { Tensor(repeating: 1, shape: $0.shape) })
    optimizer.step(&network.parameters, gradients: gradients, learningRate: 1)
    // v = 1; w = 0 − (1 + 0.9·1)
    #expect(abs(network.parameters["fc.weight"]!.scalars[0] + 1.9) < 1e-6)
  }

  @Test func schedules() {
    let step = LearningRateSchedule(
      baseRate: 0.1, shape: .step(milestones: [10, 20], gamma: 0.1), totalSteps: 30)
    #expect(step.rate(atStep: 9) == 0.1)
    #expect(abs(step.rate(atStep: 10) - 0.01) < 1e-7)
    #expect(abs(step.rate(atStep: 25) - 0.001) < 1e-8)
    let cosine = LearningRateSchedule(
      baseRate: 1, shape: .cosine(minimum: 0), totalSteps: 100, warmupSteps: 10)
    #expect(abs(cosine.rate(atStep: 0) - 0.1) < 1e-6)
    #expect(abs(cosine.rate(atStep: 9) - 1) < 1e-6)
    #expect(abs(cosine.rate(atStep: 10) - 1) < 1e-6)
    #expect(abs(cosine.rate(atStep: 55) - 0.5) < 1e-6)
    #expect(abs(cosine.rate(atStep: 100)) < 1e-6)
  }
}

struct SparsityTests {
  @Test func batchNormL1PushesOnlyTheScalesTowardZero() throws {
    var network = try OptimizerTests.tinyNetwork()
    network.parameters["fc.weight"] = Tensor(shape: [1, 1], scalars: [2])
    var optimizer = SGD(
      for: network, settings: .init(momentum: 0, weightDecay: 0, batchNormL1: 0.5))
    let zero = NamedTensors(
      names: network.parameters.names,
      tensors: network.parameters.tensors.map { Tensor(zeros: $0.shape) })
    optimizer.step(&network.parameters, gradients: zero, learningRate: 0.1)
    // γ = 1 − 0.1·0.5·sign(1); the linear weight is untouched.
    #expect(abs(network.parameters["bn.weight"]!.scalars[0] - 0.95) < 1e-6)
    #expect(network.parameters["fc.weight"]!.scalars[0] == 2)
  }
}
