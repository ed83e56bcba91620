/// The settings of a 2-D convolution, as PyTorch's `Conv2d` names them.
///
/// `groups` splits input and output channels into that many independent blocks; a
/// depthwise convolution has `groups == inputChannels`.
public struct ConvolutionConfig: Codable, Hashable, Sendable {
  public var inputChannels: Int
  public var outputChannels: Int
  public var kernelSize: Int
  public var stride: Int
  public var padding: Int
  public var groups: Int
  public var hasBias: Bool

  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
    padding: Int = 0, groups: Int = 1, hasBias: Bool = false
  ) {
    precondition(
      groups >= 1 && inputChannels % groups == 0 && outputChannels % groups == 0,
      "conv2d: \(inputChannels) input and \(outputChannels) output channels are not divisible by \(groups) groups"
    )
    precondition(
      kernelSize >= 1 && stride >= 1 && padding >= 0, "conv2d: bad kernel/stride/padding")
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.groups = groups
    self.hasBias = hasBias
  }

  /// The weight shape `[outputChannels, inputChannels / groups, kernelSize, kernelSize]` (OIHW).
  public var weightShape: [Int] {
    [outputChannels, inputChannels / groups, kernelSize, kernelSize]
  }

  /// The output extent along one spatial axis of length `size`.
  public func outputSize(_ size: Int) -> Int { (size + 2 * padding - kernelSize) / stride + 1 }

  /// True for a depthwise convolution with one filter per channel.
  public var isDepthwise: Bool {
    groups > 1 && groups == inputChannels && outputChannels == inputChannels
  }
}

/// The settings of a 2-D batch normalisation over `channels` channels.
public struct BatchNormConfig: Codable, Hashable, Sendable {
  public var channels: Int
  public var epsilon: Float
  /// The weight of the new batch statistic in the running average (PyTorch's convention).
  public var momentum: Float

  public init(channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
    self.channels = channels
    self.epsilon = epsilon
    self.momentum = momentum
  }
}

/// The window of a max or average pooling.
public struct PoolConfig: Codable, Hashable, Sendable {
  public var kernelSize: Int
  public var stride: Int
  public var padding: Int

  public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
    precondition(kernelSize >= 1 && padding >= 0 && padding * 2 <= kernelSize, "pool: bad window")
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
  }

  /// The output extent along one spatial axis of length `size` (floor mode).
  public func outputSize(_ size: Int) -> Int { (size + 2 * padding - kernelSize) / stride + 1 }
}

/// The settings of a fully connected layer `y = x Wᵀ + b`.
public struct LinearConfig: Codable, Hashable, Sendable {
  public var inputFeatures: Int
  public var outputFeatures: Int
  public var hasBias: Bool

  public init(inputFeatures: Int, outputFeatures: Int, hasBias: Bool = true) {
    self.inputFeatures = inputFeatures
    self.outputFeatures = outputFeatures
    self.hasBias = hasBias
  }

  /// The weight shape `[outputFeatures, inputFeatures]`.
  public var weightShape: [Int] { [outputFeatures, inputFeatures] }
}

/// The settings of a dropout layer.
public struct DropoutConfig: Codable, Hashable, Sendable {
  /// The probability of zeroing an element in training.
  public var probability: Float

  public init(probability: Float) {
    precondition(
      probability >= 0 && probability < 1, "dropout: probability \(probability) not in [0, 1)")
    self.probability = probability
  }
}

/// The "option A" ResNet shortcut: keep every `stride`-th row and column, then add zero
/// channels before and after the input's channels.
public struct ChannelPadConfig: Codable, Hashable, Sendable {
  public var stride: Int
  public var channelsBefore: Int
  public var channelsAfter: Int

  public init(stride: Int, channelsBefore: Int, channelsAfter: Int) {
    self.stride = stride
    self.channelsBefore = channelsBefore
    self.channelsAfter = channelsAfter
  }

  /// The output extent along one spatial axis of length `size`.
  public func outputSize(_ size: Int) -> Int { (size + stride - 1) / stride }
}
