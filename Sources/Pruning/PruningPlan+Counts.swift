import Engine

/// What a pruned network would count, without building it.
public struct PrunedCounts: Equatable, Sendable {
  /// Every trainable parameter (convolutions, BatchNorm affine parameters, linear layers).
  public var parameters: Int
  /// Parameters of convolutions only.
  public var convolutionParameters: Int
  /// Multiply–accumulates per example of convolutions and linear layers.
  public var macs: Int

  public init(parameters: Int, convolutionParameters: Int, macs: Int) {
    self.parameters = parameters
    self.convolutionParameters = convolutionParameters
    self.macs = macs
  }
}

extension PruningPlan {
  /// The counts of `network.applying(self)` from channel counts alone: no tensor is copied,
  /// so a policy can try many plans (the target-RPR search) and cut once at the end.
  /// Equal to the rebuilt network's `parameterCount`, `convolutionParameterCount` and
  /// `macs`; the surgery tests check that for every architecture and criterion.
  public func counts(for network: Network, graph: DependencyGraph) -> PrunedCounts {
    let kept = keptChannels(network, graph: graph).map(\.count)
    let index = Dictionary(uniqueKeysWithValues: network.nodes.enumerated().map { ($1.name, $0) })
    func inputChannels(_ node: Node) -> Int {
      let name = node.inputs[0]
      return name == Node.networkInput ? network.inputShape[0] : kept[index[name]!]
    }
    var counts = PrunedCounts(parameters: 0, convolutionParameters: 0, macs: 0)
    for (i, node) in network.nodes.enumerated() {
      let out = kept[i]
      let pixels = network.nodeShapes[i].dropFirst().reduce(1, *)
      switch node.operation {
      case .conv(let c):
        let perOutput =
          (c.isDepthwise ? 1 : inputChannels(node) / c.groups) * c.kernelSize
          * c.kernelSize
        let parameters = out * perOutput + (c.hasBias ? out : 0)
        counts.parameters += parameters
        counts.convolutionParameters += parameters
        counts.macs += pixels * out * perOutput
      case .batchNorm:
        // γ and β where the layer has them (running statistics are buffers, not counted).
        let affine = ["weight", "bias"].filter { network.parameters["\(node.name).\($0)"] != nil }
        counts.parameters += affine.count * out
      case .linear(let c):
        let input = inputChannels(node)
        counts.parameters += out * input + (c.hasBias ? out : 0)
        counts.macs += out * input
      case .relu, .maxPool, .avgPool, .globalAvgPool, .add, .concat, .flatten, .dropout,
        .channelPad:
        break
      }
    }
    return counts
  }
}
