import Engine

/// MobileNet V1 (Howard et al., arXiv:1704.04861): a 3×3 convolution, then 13 depthwise
/// separable blocks (3×3 depthwise conv–BN–ReLU, 1×1 pointwise conv–BN–ReLU), global
/// pooling and a linear classifier; `width` is the paper's width multiplier α.
///
/// Names: `conv1`, `bn1`, `layers.{i}.conv1` (depthwise), `.bn1`, `.conv2` (pointwise),
/// `.bn2`, `linear`.
public enum MobileNet {
  /// Which strides the network uses.
  public enum Variant: String, Codable, Sendable, CaseIterable {
    /// The paper's: a stride-2 stem and five stride-2 blocks (224 → 7).
    case imageNet
    /// For 32-pixel inputs: a stride-1 stem, the same block strides (32 → 2).
    case cifar
  }

  /// Output channels and stride of the 13 separable blocks.
  public static let blocks: [(channels: Int, stride: Int)] = [
    (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
    (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
  ]

  public static func mobilenetV1(
    classCount: Int = 1000, width: Double = 1, inputSize: Int = 224, inputChannels: Int = 3,
    variant: Variant = .imageNet, seed: UInt64 = 0
  ) -> Network {
    var builder = GraphBuilder()
    var channels = scaledChannels(32, width: width)
    builder.convBN(
      conv: "conv1", bn: "bn1", input: inputChannels, output: channels,
      stride: variant == .imageNet ? 2 : 1)
    builder.add("relu1", .relu)
    for (index, block) in blocks.enumerated() {
      let out = scaledChannels(block.channels, width: width)
      let prefix = "layers.\(index)"
      builder.convBN(
        conv: "\(prefix).conv1", bn: "\(prefix).bn1", input: channels, output: channels,
        stride: block.stride, groups: channels)
      builder.add("\(prefix).relu1", .relu)
      builder.convBN(
        conv: "\(prefix).conv2", bn: "\(prefix).bn2", input: channels, output: out, kernelSize: 1,
        padding: 0)
      builder.add("\(prefix).relu2", .relu)
      channels = out
    }
    builder.globalPoolClassifier(linear: "linear", features: channels, classCount: classCount)
    return builder.build(inputShape: [inputChannels, inputSize, inputSize], seed: seed)
  }
}
