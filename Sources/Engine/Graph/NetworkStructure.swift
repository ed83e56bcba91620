/// The checked wiring of a node list: where each input comes from, when each output is
/// last read, and every node's output shape. Building it validates the graph, so a bad
/// structure (from a file or a builder) is a thrown error naming the node, never a crash.
struct NetworkStructure {
  let inputIndices: [[Int]]
  let lastUse: [Int]
  let shapes: [[Int]]
  /// Whether the backward pass reads a node's output values: ReLU masks its gradient with
  /// its own output; convolutions, linear layers and BatchNorm read their inputs; every
  /// other operation needs only shapes. A training step releases the other outputs as
  /// soon as the forward pass is done with them (for VGG-16 the BatchNorm outputs before
  /// each ReLU, for ResNets also the sums before each block's last ReLU).
  let neededByBackward: [Bool]

  init(inputShape: [Int], nodes: [Node]) throws {
    guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }),
      Self.elementCount(inputShape) != nil
    else {
      throw NetworkError.invalidStructure("input shape \(inputShape) is not a positive [C, H, W]")
    }
    guard !nodes.isEmpty else { throw NetworkError.invalidStructure("the network has no nodes") }
    var position: [String: Int] = [Node.networkInput: -1]
    var inputIndices: [[Int]] = []
    var shapes: [[Int]] = []
    var lastUse = Array(0..<nodes.count)
    for (index, node) in nodes.enumerated() {
      guard position[node.name] == nil else {
        throw NetworkError.invalidStructure(
          "node name '\(node.name)' is used twice (or is the reserved name '\(Node.networkInput)')")
      }
      let sources = try node.inputs.map { name -> Int in
        guard let source = position[name] else {
          throw NetworkError.invalidStructure(
            "node '\(node.name)' reads '\(name)', which is not an earlier node")
        }
        return source
      }
      for source in sources where source >= 0 { lastUse[source] = index }
      let inputShapes = sources.map { $0 < 0 ? inputShape : shapes[$0] }
      shapes.append(try Self.outputShape(of: node, inputs: inputShapes))
      inputIndices.append(sources)
      position[node.name] = index
    }
    self.inputIndices = inputIndices
    self.lastUse = lastUse
    self.shapes = shapes
    var needed = nodes.map { node -> Bool in
      if case .relu = node.operation { return true }
      return false
    }
    needed[nodes.count - 1] = true
    for (index, node) in nodes.enumerated() {
      switch node.operation {
      case .conv, .linear, .batchNorm:
        for source in inputIndices[index] where source >= 0 { needed[source] = true }
      default: break
      }
    }
    self.neededByBackward = needed
  }

  /// The output shape of `node` for one example, or an error naming the node.
  static func outputShape(of node: Node, inputs: [[Int]]) throws -> [Int] {
    func fail(_ message: String) -> NetworkError {
      .invalidStructure("node '\(node.name)' (\(node.operation.kind)): \(message)")
    }
    let arity: ClosedRange<Int>
    switch node.operation {
    case .add: arity = 2...Int.max
    case .concat: arity = 1...Int.max
    default: arity = 1...1
    }
    guard arity.contains(inputs.count) else {
      throw fail("takes \(arity) inputs, has \(inputs.count)")
    }
    if let problem = Self.settingsProblem(node.operation) { throw fail(problem) }
    for (suffix, shape) in node.operation.parameterShapes + node.operation.bufferShapes {
      guard Self.elementCount(shape) != nil else {
        throw fail("its \(suffix) \(shape) exceeds \(Self.maximumElements) elements")
      }
    }
    let shape = try outputShapeOfValidSettings(node, inputs: inputs, fail: fail)
    guard shape.allSatisfy({ $0 > 0 }), Self.elementCount(shape) != nil else {
      throw fail(
        "its output \(shape) is empty or exceeds \(Self.maximumElements) elements per example")
    }
    return shape
  }

  /// The most elements one tensor of a network may hold (per example for activations):
  /// 2²⁸ floats, 1 GiB. A checkpoint describing more is refused before anything is
  /// allocated.
  static let maximumElements = 1 << 28

  /// The number of elements of `shape`, or nil when it overflows or exceeds the limit.
  static func elementCount(_ shape: [Int]) -> Int? {
    var count = 1
    for extent in shape {
      guard extent >= 0 else { return nil }
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow, product <= maximumElements else { return nil }
      count = product
    }
    return count
  }

  /// What is wrong with an operation's own settings (sizes that are zero or negative,
  /// groups that do not divide the channels, rates outside their range), or nil.
  static func settingsProblem(_ operation: Operation) -> String? {
    let window = 1...1024
    switch operation {
    case .conv(let c):
      guard c.inputChannels >= 1, c.outputChannels >= 1 else { return "channels must be ≥ 1" }
      guard window.contains(c.kernelSize), window.contains(c.stride), (0...1024).contains(c.padding)
      else { return "kernel and stride must be in 1…1024 and padding in 0…1024" }
      guard c.groups >= 1, c.inputChannels % c.groups == 0, c.outputChannels % c.groups == 0 else {
        return "groups \(c.groups) must be ≥ 1 and divide both channel counts"
      }
    case .batchNorm(let c):
      guard c.channels >= 1 else { return "channels must be ≥ 1" }
      guard c.epsilon.isFinite, c.epsilon > 0, c.momentum.isFinite, (0...1).contains(c.momentum)
      else { return "epsilon must be > 0 and momentum in [0, 1]" }
    case .maxPool(let p), .avgPool(let p):
      guard window.contains(p.kernelSize), window.contains(p.stride), p.padding >= 0,
        p.padding <= p.kernelSize / 2
      else { return "window and stride must be in 1…1024 and padding at most half the window" }
    case .linear(let c):
      guard c.inputFeatures >= 1, c.outputFeatures >= 1 else { return "features must be ≥ 1" }
    case .dropout(let c):
      guard c.probability.isFinite, c.probability >= 0, c.probability < 1 else {
        return "probability must be in [0, 1)"
      }
    case .channelPad(let c):
      guard window.contains(c.stride), c.channelsBefore >= 0, c.channelsAfter >= 0,
        c.channelsBefore <= maximumElements, c.channelsAfter <= maximumElements
      else { return "stride must be in 1…1024 and the padding channels ≥ 0" }
    case .relu, .globalAvgPool, .add, .concat, .flatten:
      break
    }
    return nil
  }

  static func outputShapeOfValidSettings(
    _ node: Node, inputs: [[Int]], fail: (String) -> NetworkError
  ) throws -> [Int] {
    let first = inputs[0]
    func spatial() throws -> (c: Int, h: Int, w: Int) {
      guard first.count == 3 else { throw fail("needs a [C, H, W] input, got \(first)") }
      return (first[0], first[1], first[2])
    }
    switch node.operation {
    case .conv(let c):
      let (channels, h, w) = try spatial()
      guard channels == c.inputChannels else {
        throw fail("expects \(c.inputChannels) input channels, gets \(channels)")
      }
      let oh = c.outputSize(h), ow = c.outputSize(w)
      guard oh > 0, ow > 0 else {
        throw fail("input \(first) is too small for kernel \(c.kernelSize)")
      }
      return [c.outputChannels, oh, ow]
    case .batchNorm(let c):
      let (channels, _, _) = try spatial()
      guard channels == c.channels else {
        throw fail("expects \(c.channels) channels, gets \(channels)")
      }
      return first
    case .relu, .dropout:
      return first
    case .maxPool(let p), .avgPool(let p):
      let (channels, h, w) = try spatial()
      let oh = p.outputSize(h), ow = p.outputSize(w)
      guard oh > 0, ow > 0 else {
        throw fail("input \(first) is too small for window \(p.kernelSize)")
      }
      return [channels, oh, ow]
    case .globalAvgPool:
      return [try spatial().c, 1, 1]
    case .linear(let c):
      guard first == [c.inputFeatures] else {
        throw fail("expects [\(c.inputFeatures)] features, gets \(first)")
      }
      return [c.outputFeatures]
    case .add:
      guard inputs.allSatisfy({ $0 == first }) else {
        throw fail("operand shapes differ: \(inputs)")
      }
      return first
    case .concat:
      _ = try spatial()
      guard inputs.allSatisfy({ $0.count == 3 && $0[1] == first[1] && $0[2] == first[2] }) else {
        throw fail("operands differ outside the channel axis: \(inputs)")
      }
      return [inputs.reduce(0) { $0 + $1[0] }, first[1], first[2]]
    case .flatten:
      guard let count = elementCount(first) else { throw fail("its input \(first) is too large") }
      return [count]
    case .channelPad(let c):
      let (channels, h, w) = try spatial()
      return [channels + c.channelsBefore + c.channelsAfter, c.outputSize(h), c.outputSize(w)]
    }
  }
}
