extension Network {
  /// Multiply–accumulate operations for one example, counting convolutions and linear
  /// layers (the convention of the pruning literature; BatchNorm, pooling and additions
  /// are left out).
  public var macs: Int {
    var total = 0
    for (index, node) in nodes.enumerated() {
      let shape = nodeShapes[index]
      switch node.operation {
      case .conv(let c):
        total += shape.reduce(1, *) * (c.inputChannels / c.groups) * c.kernelSize * c.kernelSize
      case .linear(let c):
        total += c.inputFeatures * c.outputFeatures
      default:
        break
      }
    }
    return total
  }

  /// The number of parameters owned by convolutions only (for the conv-only RPR).
  public var convolutionParameterCount: Int {
    var total = 0
    for (index, node) in nodes.enumerated() {
      if case .conv = node.operation {
        total += parameterSlots[index].reduce(0) { $0 + parameters.tensors[$1].count }
      }
    }
    return total
  }

  /// Whether the parameter at `index` belongs to a BatchNorm or is a bias: the tensors
  /// that weight decay commonly leaves alone.
  public func isNormOrBias(parameterAt index: Int) -> Bool {
    let name = parameters.names[index]
    if name.hasSuffix(".bias") { return true }
    let nodeName = String(name.dropLast(".weight".count))
    if let node = nodes.first(where: { $0.name == nodeName }), case .batchNorm = node.operation {
      return true
    }
    return false
  }

  /// Whether the parameter at `index` is a BatchNorm scale γ.
  public func isBatchNormScale(parameterAt index: Int) -> Bool {
    let name = parameters.names[index]
    guard name.hasSuffix(".weight") else { return false }
    let nodeName = String(name.dropLast(".weight".count))
    if let node = nodes.first(where: { $0.name == nodeName }), case .batchNorm = node.operation {
      return true
    }
    return false
  }
}
