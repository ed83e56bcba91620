import Engine

/// He et al.'s CIFAR ResNets (arXiv:1512.03385, section 4.2): a 3×3 conv(16), three stages
/// of n basic blocks with 16, 32 and 64 channels (depth = 6n + 2), global average pooling
/// and a linear classifier.
///
/// Names match the `pytorch_resnet_cifar10` checkpoints: `conv1`, `bn1`,
/// `layer{1,2,3}.{i}.conv{1,2}`, `layer{L}.{i}.bn{1,2}`, `linear`; option B's projection is
/// `layer{L}.{i}.shortcut.0` (1×1 conv) and `.shortcut.1` (BN).
public enum CIFARResNet {
  /// How a block's shortcut changes shape where a stage begins.
  public enum Shortcut: String, Codable, Sendable, CaseIterable {
    /// Subsample and zero-pad channels: no parameters (the paper's CIFAR choice).
    case a
    /// A strided 1×1 convolution with BatchNorm.
    case b
  }

  /// ResNet of `depth` = 6n + 2 (20, 32, 44, 56, 110, …).
  public static func resnet(
    depth: Int, shortcut: Shortcut = .a, classCount: Int = 10, width: Double = 1,
    inputSize: Int = 32, inputChannels: Int = 3, seed: UInt64 = 0
  ) -> Network {
    precondition(
      depth >= 8 && (depth - 2) % 6 == 0, "CIFAR ResNet depth must be 6n + 2, got \(depth)")
    let blocks = (depth - 2) / 6
    let widths = [16, 32, 64].map { scaledChannels($0, width: width) }
    var builder = GraphBuilder()
    builder.convBN(conv: "conv1", bn: "bn1", input: inputChannels, output: widths[0])
    builder.add("relu", .relu)
    var channels = widths[0]
    for (stage, planes) in widths.enumerated() {
      for block in 0..<blocks {
        let prefix = "layer\(stage + 1).\(block)"
        let stride = stage > 0 && block == 0 ? 2 : 1
        let input = builder.current
        builder.convBN(
          conv: "\(prefix).conv1", bn: "\(prefix).bn1", input: channels, output: planes,
          stride: stride)
        builder.add("\(prefix).relu1", .relu)
        let residual = builder.convBN(
          conv: "\(prefix).conv2", bn: "\(prefix).bn2", input: planes, output: planes)
        var identity = input
        if stride != 1 || channels != planes {
          builder.resume(from: input)
          switch shortcut {
          case .a:
            let extra = planes - channels
            identity = builder.add(
              "\(prefix).shortcut",
              .channelPad(
                ChannelPadConfig(
                  stride: stride, channelsBefore: extra / 2, channelsAfter: extra - extra / 2)))
          case .b:
            identity = builder.convBN(
              conv: "\(prefix).shortcut.0", bn: "\(prefix).shortcut.1", input: channels,
              output: planes,
              kernelSize: 1, stride: stride, padding: 0)
          }
        }
        builder.add("\(prefix).add", .add, inputs: [residual, identity])
        builder.add("\(prefix).relu2", .relu)
        channels = planes
      }
    }
    builder.globalPoolClassifier(linear: "linear", features: channels, classCount: classCount)
    return builder.build(inputShape: [inputChannels, inputSize, inputSize], seed: seed)
  }
}
