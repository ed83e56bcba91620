import Engine

/// DenseNet-40 (Huang et al., "Densely Connected Convolutional Networks", CVPR 2017,
/// arXiv:1608.06993) for 32-pixel inputs: a 3×3 convolution to 2k channels, three dense
/// blocks of 12 BN–ReLU–conv3×3 layers that each add k channels by concatenation, and
/// between them transitions of BN–ReLU–conv1×1 (no compression) and 2×2 average
/// pooling; then BN–ReLU, global pooling and a linear classifier. No bottlenecks.
///
/// Names: `conv1`, `dense{1-3}.{i}.bn`, `.conv`, `trans{1,2}.bn`, `.conv`, `bn`, `fc`.
public enum DenseNet {
  public static func densenet40(
    classCount: Int = 10, growthRate: Int = 12, inputSize: Int = 32, inputChannels: Int = 3,
    seed: UInt64 = 0
  ) -> Network {
    let layersPerBlock = 12
    var builder = GraphBuilder()
    var channels = 2 * growthRate
    builder.add(
      "conv1",
      .conv(
        ConvolutionConfig(
          inputChannels: inputChannels, outputChannels: channels, kernelSize: 3, padding: 1)))
    for block in 1...3 {
      for layer in 0..<layersPerBlock {
        let prefix = "dense\(block).\(layer)"
        let input = builder.current
        builder.add("\(prefix).bn", .batchNorm(BatchNormConfig(channels: channels)))
        builder.add("\(prefix).relu", .relu)
        let grown = builder.add(
          "\(prefix).conv",
          .conv(
            ConvolutionConfig(
              inputChannels: channels, outputChannels: growthRate, kernelSize: 3, padding: 1)))
        builder.add("\(prefix).concat", .concat, inputs: [input, grown])
        channels += growthRate
      }
      if block < 3 {
        builder.add("trans\(block).bn", .batchNorm(BatchNormConfig(channels: channels)))
        builder.add("trans\(block).relu", .relu)
        builder.add(
          "trans\(block).conv",
          .conv(ConvolutionConfig(inputChannels: channels, outputChannels: channels, kernelSize: 1))
        )
        builder.add("trans\(block).pool", .avgPool(PoolConfig(kernelSize: 2)))
      }
    }
    builder.add("bn", .batchNorm(BatchNormConfig(channels: channels)))
    builder.add("relu", .relu)
    builder.globalPoolClassifier(linear: "fc", features: channels, classCount: classCount)
    return builder.build(inputShape: [inputChannels, inputSize, inputSize], seed: seed)
  }
}
