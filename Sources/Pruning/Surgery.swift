import Engine

extension Network {
  /// The smaller network that `plan` describes: the kept filters, their BatchNorm entries
  /// and the matching input slices of every consumer are copied over (no masks). This is
  /// the only code in ocnna that cuts tensors.
  public func applying(_ plan: PruningPlan) throws -> Network {
    let graph = DependencyGraph(self)
    try plan.validate(for: self, graph: graph)
    let kept = plan.keptChannels(self, graph: graph)
    let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.name, $0) })
    func keptInput(_ name: String) -> [Int] {
      name == Node.networkInput ? Array(0..<inputShape[0]) : kept[index[name]!]
    }
    var newNodes: [Node] = []
    var newParameters = NamedTensors()
    var newBuffers = NamedTensors()
    for (i, node) in nodes.enumerated() {
      let out = kept[i]
      let input = keptInput(node.inputs[0])
      var operation = node.operation
      func take(_ suffix: String, _ slice: (Tensor) -> Tensor) {
        let name = "\(node.name).\(suffix)"
        if let tensor = parameters[name] { newParameters.append(name, slice(tensor)) }
        if let tensor = buffers[name] { newBuffers.append(name, slice(tensor)) }
      }
      switch node.operation {
      case .conv(var c):
        if c.isDepthwise {
          c.groups = out.count
          c.inputChannels = out.count
          c.outputChannels = out.count
          take("weight") { $0.selecting(rows: out) }
        } else {
          c.inputChannels = input.count
          c.outputChannels = out.count
          take("weight") { $0.selecting(rows: out).selecting(columns: input) }
        }
        if c.hasBias { take("bias") { $0.selecting(rows: out) } }
        operation = .conv(c)
      case .batchNorm(var c):
        c.channels = out.count
        for suffix in ["weight", "bias", "running_mean", "running_var"] {
          take(suffix) { $0.selecting(rows: out) }
        }
        operation = .batchNorm(c)
      case .linear(var c):
        c.inputFeatures = input.count
        c.outputFeatures = out.count
        take("weight") { $0.selecting(rows: out).selecting(columns: input) }
        if c.hasBias { take("bias") { $0.selecting(rows: out) } }
        operation = .linear(c)
      case .channelPad(let original):
        // Kept output channels split into the zeros before, the input's, the zeros after.
        let inputCount = nodeShapes[index[node.inputs[0]]!][0]
        operation = .channelPad(
          ChannelPadConfig(
            stride: original.stride,
            channelsBefore: out.filter { $0 < original.channelsBefore }.count,
            channelsAfter: out.filter { $0 >= original.channelsBefore + inputCount }.count))
      case .relu, .maxPool, .avgPool, .globalAvgPool, .add, .concat, .flatten, .dropout:
        break
      }
      newNodes.append(Node(node.name, operation, inputs: node.inputs))
    }
    return try Network(
      inputShape: inputShape, nodes: newNodes, parameters: newParameters, buffers: newBuffers)
  }

  /// The original network with the plan's removed channels set to zero (their filters,
  /// biases and BatchNorm γ and β): in eval mode it computes what the rebuilt network
  /// computes, which is how tests check the surgery.
  public func zeroing(_ plan: PruningPlan) throws -> Network {
    let graph = DependencyGraph(self)
    try plan.validate(for: self, graph: graph)
    let kept = plan.keptChannels(self, graph: graph)
    var result = self
    for (i, node) in nodes.enumerated() {
      let removed = Set(0..<nodeShapes[i][0]).subtracting(kept[i])
      guard !removed.isEmpty else { continue }
      let zeroed: [String]
      switch node.operation {
      case .conv: zeroed = ["weight", "bias"]
      case .batchNorm: zeroed = ["weight", "bias"]
      default: zeroed = []
      }
      for suffix in zeroed {
        guard var tensor = result.parameters["\(node.name).\(suffix)"] else { continue }
        let rowSize = tensor.count / tensor.shape[0]
        for row in removed {
          for j in 0..<rowSize { tensor.scalars[row * rowSize + j] = 0 }
        }
        result.parameters["\(node.name).\(suffix)"] = tensor
      }
    }
    return result
  }
}

extension Tensor {
  /// The slices at `rows` of the first axis, in that order.
  func selecting(rows: [Int]) -> Tensor {
    let rowSize = count / shape[0]
    var scalars = [Float]()
    scalars.reserveCapacity(rows.count * rowSize)
    for row in rows {
      scalars.append(contentsOf: self.scalars[(row * rowSize)..<((row + 1) * rowSize)])
    }
    return Tensor(shape: [rows.count] + shape.dropFirst(), scalars: scalars)
  }

  /// The slices at `columns` of the second axis, in that order.
  func selecting(columns: [Int]) -> Tensor {
    let rows = shape[0], width = shape[1]
    let inner = count / (rows * width)
    var scalars = [Float]()
    scalars.reserveCapacity(rows * columns.count * inner)
    for r in 0..<rows {
      for c in columns {
        let start = (r * width + c) * inner
        scalars.append(contentsOf: self.scalars[start..<(start + inner)])
      }
    }
    return Tensor(shape: [rows, columns.count] + shape.dropFirst(2), scalars: scalars)
  }
}
