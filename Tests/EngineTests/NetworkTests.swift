import Engine
import TestSupport
import Testing

/// The graph interpreter: backward through fan-out, residual adds, concatenation, option-A
/// padding, flatten and dropout, checked end to end against finite differences.
struct NetworkTests {
  /// A small graph with every structural feature: a conv feeding two branches, an add,
  /// a concat, a channel pad, pooling, dropout and a classifier.
  static func smallGraph(dropout: Float = 0) throws -> Network {
    try Network(
      inputShape: [2, 6, 6],
      nodes: [
        Node(
          "stem",
          .conv(
            .init(inputChannels: 2, outputChannels: 4, kernelSize: 3, padding: 1, hasBias: true)),
          inputs: ["input"]),
        Node("stem.bn", .batchNorm(.init(channels: 4)), inputs: ["stem"]),
        Node(
          "a", .conv(.init(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1)),
          inputs: ["stem.bn"]),
        Node("a.relu", .relu, inputs: ["a"]),
        Node("sum", .add, inputs: ["a.relu", "stem.bn"]),
        Node(
          "dw",
          .conv(
            .init(
              inputChannels: 4, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, groups: 4)),
          inputs: ["sum"]),
        Node(
          "pad", .channelPad(.init(stride: 2, channelsBefore: 1, channelsAfter: 1)),
          inputs: ["stem.bn"]),
        Node("cat", .concat, inputs: ["dw", "pad"]),
        Node("avg", .avgPool(.init(kernelSize: 3, stride: 1, padding: 1)), inputs: ["cat"]),
        Node("drop", .dropout(.init(probability: dropout)), inputs: ["avg"]),
        Node("pool", .maxPool(.init(kernelSize: 3)), inputs: ["drop"]),
        Node("flatten", .flatten, inputs: ["pool"]),
        Node("fc", .linear(.init(inputFeatures: 10, outputFeatures: 3)), inputs: ["flatten"]),
      ], seed: 3)
  }

  @Test func backwardMatchesFiniteDifferencesForInputAndParameters() throws {
    var network = try Self.smallGraph()
    let x = Tensor(normal: [2, 2, 6, 6], seed: 1)
    let pass = network.forward(x, mode: .train)
    let p = Tensor(normal: pass.output.shape, seed: 2)
    let gradients = network.backward(pass, outputGradient: p, inputGradient: true)
    // Train mode uses batch statistics; the running averages do not affect the output.
    let base = network
    func output(_ parameters: NamedTensors, _ input: Tensor) -> Tensor {
      var copy = base
      copy.parameters = parameters
      return copy.forward(input, mode: .train).output
    }
    // A smaller step than the per-operation checks: a perturbation moves every
    // pre-activation, and a step of 1e-2 would carry a few of them across ReLU's kink.
    let step: Float = 1e-3
    #expect(
      GradientCheck.error(
        analytic: gradients.input!, of: { output(base.parameters, $0) }, at: x, projection: p,
        step: step) < GradientCheck.tolerance)
    for (index, name) in base.parameters.names.enumerated() where name != "stem.bias" {
      let error = GradientCheck.error(
        analytic: gradients.parameters.tensors[index],
        of: { value in
          var parameters = base.parameters
          parameters.tensors[index] = value
          return output(parameters, x)
        }, at: base.parameters.tensors[index], projection: p, step: step)
      #expect(error < GradientCheck.tolerance, "parameter \(name)")
    }
    // A bias followed by batch normalisation in training mode has no effect on the output,
    // so its exact gradient is zero.
    let biasGradient = gradients.parameters["stem.bias"]!.scalars.map { abs($0) }.max()!
    #expect(biasGradient < 1e-5)
  }

  @Test func evalModeDoesNotTouchBuffersAndTrainModeDoes() throws {
    var network = try Self.smallGraph()
    let x = Tensor(normal: [2, 2, 6, 6], seed: 1)
    let before = network.buffers
    let a = network.inference(x)
    #expect(network.buffers == before)
    _ = network.forward(x, mode: .train)
    #expect(network.buffers != before)
    #expect(a.shape == [2, 3])
  }

  @Test func inferenceRetainsRequestedActivationsAndMatchesForward() throws {
    var network = try Self.smallGraph()
    let x = Tensor(normal: [2, 2, 6, 6], seed: 1)
    let (output, retained) = network.inference(x, retaining: ["a.relu", "dw"])
    let pass = network.forward(x, mode: .eval)
    #expect(output == pass.output)
    #expect(retained["a.relu"] == pass.outputs[network.nodeIndex("a.relu")!])
    #expect(retained["dw"]?.shape == [2, 4, 3, 3])
  }

  /// Inference normalises in place and fuses each BatchNorm with the ReLU after it; with
  /// running statistics away from their initial values it must still give the eval-mode
  /// forward pass's exact bits.
  @Test func fusedInferenceEqualsTheEvalForwardPassBitForBit() throws {
    var network = try Self.smallGraph()
    for seed in 0..<3 {
      _ = network.forward(Tensor(normal: [4, 2, 6, 6], seed: UInt64(10 + seed)), mode: .train)
    }
    let x = Tensor(normal: [3, 2, 6, 6], seed: 2)
    #expect(network.inference(x) == network.forward(x, mode: .eval).output)
  }

  @Test func dropoutIsReproducibleFromTheSeed() throws {
    var network = try Self.smallGraph(dropout: 0.5)
    let x = Tensor(normal: [2, 2, 6, 6], seed: 1)
    let first = network.forward(x, mode: .train, seed: 5).output
    let again = network.forward(x, mode: .train, seed: 5).output
    let other = network.forward(x, mode: .train, seed: 6).output
    #expect(first == again)
    #expect(first != other)
  }

  @Test func countsComeFromTheStructure() throws {
    let network = try Self.smallGraph()
    // stem 2·4·9 + 4, bn 8, a 4·4·9, dw 4·9, fc 10·3 + 3
    #expect(network.parameterCount == 76 + 8 + 144 + 36 + 33)
    // MACs: stem 36 px·4·18, a 36·4·36, dw 9·4·9, fc 30
    #expect(network.macs == 36 * 4 * 18 + 36 * 4 * 36 + 9 * 4 * 9 + 30)
    #expect(network.outputShape == [3])
    #expect(network.parameters.names.contains("stem.bias"))
    #expect(network.buffers.names == ["stem.bn.running_mean", "stem.bn.running_var"])
  }

  @Test func invalidStructuresAreErrorsNamingTheNode() {
    func message(_ nodes: [Node]) -> String {
      do {
        _ = try Network(inputShape: [3, 8, 8], nodes: nodes, seed: 0)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    #expect(
      message([
        Node(
          "c", .conv(.init(inputChannels: 4, outputChannels: 2, kernelSize: 3)), inputs: ["input"])
      ]).contains("'c'"))
    #expect(message([Node("r", .relu, inputs: ["missing"])]).contains("missing"))
    #expect(
      message([Node("r", .relu, inputs: ["input"]), Node("r", .relu, inputs: ["r"])]).contains(
        "twice"))
    #expect(
      message([Node("fc", .linear(.init(inputFeatures: 5, outputFeatures: 2)), inputs: ["input"])])
        .contains("'fc'"))
    #expect(message([]).contains("no nodes"))
  }
}
