/// The closed set of operations a network node can perform.
///
/// Because the set is closed and every case carries plain settings, one walk over a
/// network computes shapes, parameter counts, MACs, dependency groups and surgery.
public enum Operation: Hashable, Sendable {
  case conv(ConvolutionConfig)
  case batchNorm(BatchNormConfig)
  case relu
  case maxPool(PoolConfig)
  case avgPool(PoolConfig)
  case globalAvgPool
  case linear(LinearConfig)
  case add
  case concat
  case flatten
  case dropout(DropoutConfig)
  case channelPad(ChannelPadConfig)

  /// The operation's name as stored in checkpoints and printed by the CLI.
  public var kind: String {
    switch self {
    case .conv: "conv"
    case .batchNorm: "batchNorm"
    case .relu: "relu"
    case .maxPool: "maxPool"
    case .avgPool: "avgPool"
    case .globalAvgPool: "globalAvgPool"
    case .linear: "linear"
    case .add: "add"
    case .concat: "concat"
    case .flatten: "flatten"
    case .dropout: "dropout"
    case .channelPad: "channelPad"
    }
  }

  /// The names and shapes of the trainable parameters this operation owns, by suffix.
  public var parameterShapes: [(suffix: String, shape: [Int])] {
    switch self {
    case .conv(let c):
      return [("weight", c.weightShape)] + (c.hasBias ? [("bias", [c.outputChannels])] : [])
    case .batchNorm(let c):
      return [("weight", [c.channels]), ("bias", [c.channels])]
    case .linear(let c):
      return [("weight", c.weightShape)] + (c.hasBias ? [("bias", [c.outputFeatures])] : [])
    default:
      return []
    }
  }

  /// The names and shapes of the non-trainable buffers this operation owns, by suffix.
  public var bufferShapes: [(suffix: String, shape: [Int])] {
    if case .batchNorm(let c) = self {
      return [("running_mean", [c.channels]), ("running_var", [c.channels])]
    }
    return []
  }
}
