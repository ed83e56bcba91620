/// A convolutional network as data: an ordered list of named nodes over a closed set of
/// operations, with its trainable parameters and its buffers kept by dotted name.
///
/// Forward runs the nodes in order; backward runs them in reverse. Because the structure
/// is a plain value, shape inference, parameter and MAC counts, serialisation and pruning
/// surgery are each one walk over `nodes`.
///
/// ```swift
/// var net = try Network(inputShape: [3, 32, 32], nodes: [
///   Node("conv1", .conv(.init(inputChannels: 3, outputChannels: 8, kernelSize: 3, padding: 1)), inputs: ["input"]),
///   Node("relu1", .relu, inputs: ["conv1"]),
///   Node("pool", .globalAvgPool, inputs: ["relu1"]),
///   Node("flatten", .flatten, inputs: ["pool"]),
///   Node("fc", .linear(.init(inputFeatures: 8, outputFeatures: 10)), inputs: ["flatten"]),
/// ], seed: 1)
/// let logits = net.inference(Tensor(zeros: [4, 3, 32, 32]))
/// ```
public struct Network: Sendable {
  /// The shape of one input example, `[C, H, W]`.
  public let inputShape: [Int]
  /// The nodes in execution order; the last one is the output.
  public let nodes: [Node]
  /// Trainable tensors, named `<node>.weight` and `<node>.bias`.
  public var parameters: NamedTensors
  /// Non-trainable state (BatchNorm's `<node>.running_mean` and `<node>.running_var`).
  public var buffers: NamedTensors
  /// When set, forward and backward add each node's time to it (for benchmarks).
  public var profiler: OperationProfiler?

  /// Input positions of every node; `-1` stands for the network input.
  let inputIndices: [[Int]]
  /// Positions in `parameters` of each node's weight and bias, in `parameterShapes` order.
  let parameterSlots: [[Int]]
  /// Positions in `buffers` of each node's buffers.
  let bufferSlots: [[Int]]
  /// The last node that reads each node's output (its own index when nothing does).
  let lastUse: [Int]
  /// The output shape of every node for one example (without the batch axis).
  public let nodeShapes: [[Int]]
  /// Whether the backward pass reads a node's output values (not just its shape).
  let neededByBackward: [Bool]

  /// A network with freshly initialised parameters (Kaiming-normal convolutions in
  /// fan-out mode as torchvision's ResNet and VGG, PyTorch's default for linear layers,
  /// BatchNorm γ = 1 and β = 0), fixed by `seed`.
  public init(inputShape: [Int], nodes: [Node], seed: UInt64) throws {
    // The structure is checked before any tensor is allocated: a hostile checkpoint must
    // not make it divide by zero or ask for terabytes.
    _ = try NetworkStructure(inputShape: inputShape, nodes: nodes)
    var parameters = NamedTensors()
    var buffers = NamedTensors()
    for (index, node) in nodes.enumerated() {
      for (suffix, shape) in node.operation.parameterShapes {
        let seed = SeededGenerator.derive(seed, UInt64(parameters.count) &+ UInt64(index) << 20)
        parameters.append(
          "\(node.name).\(suffix)", Self.initialValue(node.operation, suffix, shape, seed: seed))
      }
      for (suffix, shape) in node.operation.bufferShapes {
        buffers.append(
          "\(node.name).\(suffix)", Tensor(repeating: suffix == "running_var" ? 1 : 0, shape: shape)
        )
      }
    }
    try self.init(inputShape: inputShape, nodes: nodes, parameters: parameters, buffers: buffers)
  }

  /// A network with the given tensors; their names and shapes must be those the nodes need.
  public init(inputShape: [Int], nodes: [Node], parameters: NamedTensors, buffers: NamedTensors)
    throws
  {
    let structure = try NetworkStructure(inputShape: inputShape, nodes: nodes)
    var parameterSlots: [[Int]] = []
    var bufferSlots: [[Int]] = []
    for node in nodes {
      parameterSlots.append(
        try node.operation.parameterShapes.map { suffix, shape in
          try Self.slot(
            of: "\(node.name).\(suffix)", shape: shape, in: parameters, kind: "parameter")
        })
      bufferSlots.append(
        try node.operation.bufferShapes.map { suffix, shape in
          try Self.slot(of: "\(node.name).\(suffix)", shape: shape, in: buffers, kind: "buffer")
        })
    }
    let expectedParameters = parameterSlots.reduce(0) { $0 + $1.count }
    let expectedBuffers = bufferSlots.reduce(0) { $0 + $1.count }
    guard parameters.count == expectedParameters, buffers.count == expectedBuffers else {
      throw NetworkError.invalidStructure(
        "the network has \(parameters.count) parameters and \(buffers.count) buffers but its nodes use \(expectedParameters) and \(expectedBuffers)"
      )
    }
    self.inputShape = inputShape
    self.nodes = nodes
    self.parameters = parameters
    self.buffers = buffers
    self.inputIndices = structure.inputIndices
    self.lastUse = structure.lastUse
    self.nodeShapes = structure.shapes
    self.neededByBackward = structure.neededByBackward
    self.parameterSlots = parameterSlots
    self.bufferSlots = bufferSlots
  }

  private static func slot(of name: String, shape: [Int], in tensors: NamedTensors, kind: String)
    throws -> Int
  {
    guard let index = tensors.index(of: name) else {
      throw NetworkError.invalidStructure("missing \(kind) '\(name)'")
    }
    guard tensors.tensors[index].shape == shape else {
      throw NetworkError.invalidStructure(
        "\(kind) '\(name)' has shape \(tensors.tensors[index].shape), the node needs \(shape)")
    }
    return index
  }

  private static func initialValue(
    _ operation: Operation, _ suffix: String, _ shape: [Int], seed: UInt64
  ) -> Tensor {
    switch (operation, suffix) {
    case (.conv(let c), "weight"):
      let fanOut = c.outputChannels * c.kernelSize * c.kernelSize / c.groups
      return Tensor(normal: shape, standardDeviation: (2 / Float(fanOut)).squareRoot(), seed: seed)
    case (.linear(let c), _):
      let bound = 1 / Float(c.inputFeatures).squareRoot()
      return Tensor(uniform: shape, low: -bound, high: bound, seed: seed)
    case (.batchNorm, "weight"):
      return Tensor(repeating: 1, shape: shape)
    default:
      return Tensor(zeros: shape)
    }
  }

  /// The index of the node called `name`.
  public func nodeIndex(_ name: String) -> Int? { nodes.firstIndex { $0.name == name } }

  /// The output shape for one example, without the batch axis.
  public var outputShape: [Int] { nodeShapes.last ?? inputShape }

  /// The number of trainable parameters.
  public var parameterCount: Int { parameters.scalarCount }
}

/// An error in a network's structure or tensors, as read from a file or built by a caller.
public enum NetworkError: Error, CustomStringConvertible, Equatable {
  case invalidStructure(String)

  public var description: String {
    switch self {
    case .invalidStructure(let message): "invalid network: \(message)"
    }
  }
}
