import Engine

/// ResNet-50 (He et al., arXiv:1512.03385): bottleneck blocks 3-4-6-3 with expansion 4,
/// the stride on the 3×3 convolution and projection shortcuts (torchvision's "v1.5").
///
/// Names match torchvision: `conv1`, `bn1`, `layer{1-4}.{i}.conv{1,2,3}`, `.bn{1,2,3}`,
/// `.downsample.0` (1×1 conv), `.downsample.1` (BN), `fc`.
public enum ResNet50 {
  /// The first layers.
  public enum Stem: String, Codable, Sendable, CaseIterable {
    /// 7×7 stride-2 convolution and 3×3 stride-2 max-pool (224-pixel ImageNet inputs).
    case imageNet
    /// 3×3 stride-1 convolution, no pool (32-pixel CIFAR inputs).
    case cifar
  }

  public static func resnet50(
    classCount: Int = 1000, width: Double = 1, inputSize: Int = 224, inputChannels: Int = 3,
    stem: Stem = .imageNet, seed: UInt64 = 0
  ) -> Network {
    let planes = [64, 128, 256, 512].map { scaledChannels($0, width: width) }
    let stemChannels = scaledChannels(64, width: width)
    var builder = GraphBuilder()
    switch stem {
    case .imageNet:
      builder.convBN(
        conv: "conv1", bn: "bn1", input: inputChannels, output: stemChannels, kernelSize: 7,
        stride: 2, padding: 3)
      builder.add("relu", .relu)
      builder.add("maxpool", .maxPool(PoolConfig(kernelSize: 3, stride: 2, padding: 1)))
    case .cifar:
      builder.convBN(conv: "conv1", bn: "bn1", input: inputChannels, output: stemChannels)
      builder.add("relu", .relu)
    }
    var channels = stemChannels
    for (stage, blocks) in [3, 4, 6, 3].enumerated() {
      for block in 0..<blocks {
        let prefix = "layer\(stage + 1).\(block)"
        let stride = stage > 0 && block == 0 ? 2 : 1
        let width = planes[stage], out = planes[stage] * 4
        let input = builder.current
        builder.convBN(
          conv: "\(prefix).conv1", bn: "\(prefix).bn1", input: channels, output: width,
          kernelSize: 1, padding: 0)
        builder.add("\(prefix).relu1", .relu)
        builder.convBN(
          conv: "\(prefix).conv2", bn: "\(prefix).bn2", input: width, output: width, stride: stride)
        builder.add("\(prefix).relu2", .relu)
        let residual = builder.convBN(
          conv: "\(prefix).conv3", bn: "\(prefix).bn3", input: width, output: out, kernelSize: 1,
          padding: 0)
        var identity = input
        if block == 0 {
          builder.resume(from: input)
          identity = builder.convBN(
            conv: "\(prefix).downsample.0", bn: "\(prefix).downsample.1", input: channels,
            output: out,
            kernelSize: 1, stride: stride, padding: 0)
        }
        builder.add("\(prefix).add", .add, inputs: [residual, identity])
        builder.add("\(prefix).relu3", .relu)
        channels = out
      }
    }
    builder.globalPoolClassifier(linear: "fc", features: channels, classCount: classCount)
    return builder.build(inputShape: [inputChannels, inputSize, inputSize], seed: seed)
  }
}
