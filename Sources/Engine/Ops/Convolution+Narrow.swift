import CKernels

extension Convolution {
  /// The forward pass of a stride-1, ungrouped convolution with at most 8 output channels
  /// computed directly (`ocnna_conv_narrow`, AVX-512), one image per task; `nil` where it
  /// does not apply and im2col + GEMM is used instead.
  ///
  /// Why: with 6 output channels (DenseNet-40 at half growth rate) each column of the
  /// im2col matrix feeds only 6 multiply–adds, so writing and reading that matrix, 9× the
  /// input, cost more than the arithmetic.
  static func narrowForward(_ input: Tensor, weight: Tensor, config: ConvolutionConfig) -> Tensor? {
    guard config.stride == 1, config.groups == 1, config.outputChannels <= 8,
      config.padding < config.kernelSize, GEMM.kernel == .avx512
    else { return nil }
    let outShape = outputShape(input.shape, config)
    let (n, c, h, w) = input.nchw("conv2d")
    let inScalars = c * h * w
    let outScalars = outShape[1] * outShape[2] * outShape[3]
    var output = Tensor(zeros: outShape)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        output.scalars.withUnsafeMutableBufferPointer { y in
          let (xBase, wBase, yBase) = (x.baseAddress!, wt.baseAddress!, y.baseAddress!)
          Threading.parallelFor(n) { images in
            for i in images {
              let done = ocnna_conv_narrow(
                xBase + i * inScalars, Int32(c), Int32(h), Int32(w), wBase,
                Int32(config.outputChannels), Int32(config.kernelSize), Int32(config.padding),
                yBase + i * outScalars)
              precondition(done == 1, "conv2d: the narrow kernel refused \(config)")
            }
          }
        }
      }
    }
    return output
  }
}
