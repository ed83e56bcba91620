import Engine

/// VGG-16 with BatchNorm for 32×32 inputs (Simonyan & Zisserman, arXiv:1409.1556, with
/// BatchNorm after every convolution as in torchvision's `vgg16_bn`).
///
/// Thirteen 3×3 conv–BN–ReLU layers with widths 64, 64, M, 128, 128, M, 256, 256, 256, M,
/// 512 ×3, M, 512 ×3, M (M = 2×2 max-pool), then flatten and one linear classifier.
/// Node names follow `nn.Sequential` indices as in torchvision: `features.0` (conv),
/// `features.1` (BN), `features.2` (ReLU), …, `classifier`.
public enum VGG {
  /// The layer plan of VGG-16: channel counts, with 0 for a max-pool.
  public static let vgg16Plan = [
    64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0,
  ]

  /// CIFAR VGG-16-BN; `width` scales every layer (rounded to multiples of 8, at least 8).
  public static func vgg16(
    classCount: Int = 10, width: Double = 1, inputSize: Int = 32, seed: UInt64 = 0
  ) -> Network {
    var builder = GraphBuilder()
    var index = 0
    var channels = 3
    var size = inputSize
    for planned in vgg16Plan {
      if planned == 0 {
        builder.add("features.\(index)", .maxPool(PoolConfig(kernelSize: 2)))
        index += 1
        size /= 2
        continue
      }
      let out = scaledChannels(planned, width: width)
      builder.convBN(
        conv: "features.\(index)", bn: "features.\(index + 1)", input: channels, output: out)
      builder.add("features.\(index + 2)", .relu)
      index += 3
      channels = out
    }
    builder.add("flatten", .flatten)
    builder.add(
      "classifier",
      .linear(LinearConfig(inputFeatures: channels * size * size, outputFeatures: classCount)))
    return builder.build(inputShape: [3, inputSize, inputSize], seed: seed)
  }
}
