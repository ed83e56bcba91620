extension Convolution {
  /// Whether the input gradient is cheaper as a forward convolution of the output gradient.
  ///
  /// For stride 1 the input gradient is the "full" convolution of the output gradient with
  /// the weights flipped in space and transposed in channels. When a layer has fewer
  /// output than input channels (DenseNet's growth layers add 6–12 channels to inputs of
  /// up to a few hundred), lowering the narrow output gradient moves far less memory than
  /// the GEMM into the wide column matrix and the col2im pass over it.
  ///
  /// With the implicit GEMM every such layer takes it: the forward kernel then needs no
  /// column matrix, where the column form writes one and adds it back with col2im.
  static func prefersTransposedInputGradient(_ config: ConvolutionConfig, implicit: Bool = false)
    -> Bool
  {
    config.stride == 1 && config.groups == 1 && config.padding <= config.kernelSize - 1
      && (implicit || config.outputChannels < config.inputChannels)
  }

  /// The input gradient of a stride-1, ungrouped convolution as
  /// `forward(outputGradient, flipped(weight))` with padding `k − 1 − p`.
  static func inputGradientByTransposedConvolution(
    _ outputGradient: Tensor, weight: Tensor, config: ConvolutionConfig
  ) -> Tensor {
    let k = config.kernelSize
    let (o, c) = (config.outputChannels, config.inputChannels)
    var flipped = Tensor(zeros: [c, o, k, k])
    weight.scalars.withUnsafeBufferPointer { w in
      flipped.scalars.withUnsafeMutableBufferPointer { f in
        for oc in 0..<o {
          for ic in 0..<c {
            for ky in 0..<k {
              for kx in 0..<k {
                f[((ic * o + oc) * k + (k - 1 - ky)) * k + (k - 1 - kx)] =
                  w[((oc * c + ic) * k + ky) * k + kx]
              }
            }
          }
        }
      }
    }
    let transposed = ConvolutionConfig(
      inputChannels: o, outputChannels: c, kernelSize: k, stride: 1,
      padding: k - 1 - config.padding)
    return forward(outputGradient, weight: flipped, bias: nil, config: transposed)
  }
}
