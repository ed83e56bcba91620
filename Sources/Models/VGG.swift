import Engine

/// VGG-16 with BatchNorm (Simonyan & Zisserman, arXiv:1409.1556, with BatchNorm after
/// every convolution as in torchvision's `vgg16_bn`).
///
/// Thirteen 3×3 conv–BN–ReLU layers with widths 64, 64, M, 128, 128, M, 256, 256, 256, M,
/// 512 ×3, M, 512 ×3, M (M = 2×2 max-pool), then a classifier head. Node names follow
/// `nn.Sequential` indices as in torchvision: `features.0` (conv), `features.1` (BN),
/// `features.2` (ReLU), …; the head's linear layers are `classifier.0`, `classifier.3`, ….
public enum VGG {
  /// The layer plan of VGG-16: channel counts, with 0 for a max-pool.
  public static let vgg16Plan = [
    64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0,
  ]

  /// The classifier after the convolutional features.
  public enum Head: String, Codable, Sendable, CaseIterable {
    /// One linear layer from the flattened features to the classes (the engine benchmark's).
    case linear
    /// Linear 512→512, ReLU, linear 512→classes: the CIFAR VGG-16 of Li et al. (ICLR 2017)
    /// used by HRank and most CIFAR pruning papers (14.99 M parameters for 10 classes).
    case cifar
    /// The ImageNet head: linear 25088→4096, ReLU, dropout, 4096→4096, ReLU, dropout,
    /// 4096→classes, after 7×7 adaptive pooling (here: the 224-pixel input gives 7×7).
    case imageNet
  }

  /// VGG-16-BN; `width` scales every convolution (multiples of 8, at least 8).
  public static func vgg16(
    classCount: Int = 10, width: Double = 1, inputSize: Int = 32, inputChannels: Int = 3,
    head: Head = .cifar, seed: UInt64 = 0
  ) -> Network {
    var builder = GraphBuilder()
    var index = 0
    var channels = inputChannels
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
    let features = channels * size * size
    switch head {
    case .linear:
      builder.add(
        "classifier", .linear(LinearConfig(inputFeatures: features, outputFeatures: classCount)))
    case .cifar:
      let hidden = scaledChannels(512, width: width)
      builder.add(
        "classifier.0", .linear(LinearConfig(inputFeatures: features, outputFeatures: hidden)))
      builder.add("classifier.1", .relu)
      builder.add(
        "classifier.2", .linear(LinearConfig(inputFeatures: hidden, outputFeatures: classCount)))
    case .imageNet:
      let hidden = max(8, Int((4096 * width).rounded()))
      builder.add(
        "classifier.0", .linear(LinearConfig(inputFeatures: features, outputFeatures: hidden)))
      builder.add("classifier.1", .relu)
      builder.add("classifier.2", .dropout(DropoutConfig(probability: 0.5)))
      builder.add(
        "classifier.3", .linear(LinearConfig(inputFeatures: hidden, outputFeatures: hidden)))
      builder.add("classifier.4", .relu)
      builder.add("classifier.5", .dropout(DropoutConfig(probability: 0.5)))
      builder.add(
        "classifier.6", .linear(LinearConfig(inputFeatures: hidden, outputFeatures: classCount)))
    }
    return builder.build(inputShape: [inputChannels, inputSize, inputSize], seed: seed)
  }
}
