/// Nodes serialise as `{"name": …, "op": "conv", "inputs": […], "config": {…}}`, the form
/// stored in a checkpoint's `__metadata__`, readable by people and other tools.
extension Node: Codable {
  private enum Keys: String, CodingKey { case name, op, inputs, config }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    let name = try container.decode(String.self, forKey: .name)
    let kind = try container.decode(String.self, forKey: .op)
    let inputs = try container.decode([String].self, forKey: .inputs)
    let operation: Operation
    switch kind {
    case "conv": operation = .conv(try container.decode(ConvolutionConfig.self, forKey: .config))
    case "batchNorm":
      operation = .batchNorm(try container.decode(BatchNormConfig.self, forKey: .config))
    case "relu": operation = .relu
    case "maxPool": operation = .maxPool(try container.decode(PoolConfig.self, forKey: .config))
    case "avgPool": operation = .avgPool(try container.decode(PoolConfig.self, forKey: .config))
    case "globalAvgPool": operation = .globalAvgPool
    case "linear": operation = .linear(try container.decode(LinearConfig.self, forKey: .config))
    case "add": operation = .add
    case "concat": operation = .concat
    case "flatten": operation = .flatten
    case "dropout":
      operation = .dropout(try container.decode(DropoutConfig.self, forKey: .config))
    case "channelPad":
      operation = .channelPad(try container.decode(ChannelPadConfig.self, forKey: .config))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .op, in: container,
        debugDescription: "unknown operation '\(kind)' in node '\(name)'")
    }
    self.init(name, operation, inputs: inputs)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(name, forKey: .name)
    try container.encode(operation.kind, forKey: .op)
    try container.encode(inputs, forKey: .inputs)
    switch operation {
    case .conv(let c): try container.encode(c, forKey: .config)
    case .batchNorm(let c): try container.encode(c, forKey: .config)
    case .maxPool(let c), .avgPool(let c): try container.encode(c, forKey: .config)
    case .linear(let c): try container.encode(c, forKey: .config)
    case .dropout(let c): try container.encode(c, forKey: .config)
    case .channelPad(let c): try container.encode(c, forKey: .config)
    case .relu, .globalAvgPool, .add, .concat, .flatten: break
    }
  }
}
