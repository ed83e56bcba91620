import Engine

/// Appends named nodes one after another, tracking the most recent output, so that zoo
/// builders read like the architecture they describe.
public struct GraphBuilder {
  public private(set) var nodes: [Node] = []
  /// The name of the most recently added node (initially the network input).
  public private(set) var current = Node.networkInput

  public init() {}

  /// Adds a node reading `inputs` (default: the current output) and makes it current.
  @discardableResult
  public mutating func add(_ name: String, _ operation: Operation, inputs: [String]? = nil)
    -> String
  {
    nodes.append(Node(name, operation, inputs: inputs ?? [current]))
    current = name
    return name
  }

  /// Makes an earlier node's output current again (to start a branch).
  public mutating func resume(from name: String) { current = name }

  /// A 3×3 (or `kernelSize`) convolution without bias followed by BatchNorm.
  @discardableResult
  public mutating func convBN(
    conv: String, bn: String, input: Int, output: Int, kernelSize: Int = 3, stride: Int = 1,
    padding: Int? = nil, groups: Int = 1
  ) -> String {
    add(
      conv,
      .conv(
        ConvolutionConfig(
          inputChannels: input, outputChannels: output, kernelSize: kernelSize, stride: stride,
          padding: padding ?? kernelSize / 2, groups: groups)))
    return add(bn, .batchNorm(BatchNormConfig(channels: output)))
  }

  /// Global average pooling (`avgpool`), `flatten` and a linear classifier named
  /// `linear`: the head of the ResNets, DenseNet and MobileNet.
  public mutating func globalPoolClassifier(linear: String, features: Int, classCount: Int) {
    add("avgpool", .globalAvgPool)
    add("flatten", .flatten)
    add(linear, .linear(LinearConfig(inputFeatures: features, outputFeatures: classCount)))
  }

  /// The network over these nodes with parameters initialised from `seed`.
  public func build(inputShape: [Int], seed: UInt64) -> Network {
    do {
      return try Network(inputShape: inputShape, nodes: nodes, seed: seed)
    } catch {
      preconditionFailure("zoo builder made an invalid network: \(error)")
    }
  }
}

/// Rounds a scaled channel count to a multiple of 8, at least 8 (the zoo's width rule).
public func scaledChannels(_ channels: Int, width: Double) -> Int {
  max(8, Int((Double(channels) * width / 8).rounded()) * 8)
}
