import CKernels

/// The direct kernel for depthwise convolutions (one `k × k` filter per channel, as in
/// MobileNet), where a GEMM would have a single row per group and waste the GEMM kernel;
/// the loops over one plane are C (`CKernels/depthwise.c`).
enum DepthwiseConvolution {
  static func forward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, config: ConvolutionConfig
  ) -> Tensor {
    let outShape = Convolution.outputShape(input.shape, config)
    let (n, c, h, w) = input.nchw("depthwise conv2d")
    let (oh, ow) = (outShape[2], outShape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    var output = Tensor(uninitialized: outShape)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        output.scalars.withUnsafeMutableBufferPointer { y in
          let xBase = x.baseAddress!, wBase = wt.baseAddress!, yBase = y.baseAddress!
          Threading.parallelFor(n * c, minimumPerThread: 4) { planes in
            for index in planes {
              let ch = index % c
              ocnna_depthwise_forward_plane(
                xBase + index * h * w, Int32(h), Int32(w), wBase + ch * k * k, Int32(k),
                Int32(s), Int32(p), bias?.scalars[ch] ?? 0, yBase + index * oh * ow, Int32(oh),
                Int32(ow))
            }
          }
        }
      }
    }
    return output
  }

  static func backward(
    _ input: Tensor, weight: Tensor, outputGradient: Tensor, config: ConvolutionConfig,
    needInputGradient: Bool
  ) -> (input: Tensor?, weight: Tensor) {
    let (n, c, h, w) = input.nchw("depthwise conv2d backward")
    let (oh, ow) = (outputGradient.shape[2], outputGradient.shape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    var inputGradient = Tensor(zeros: needInputGradient ? input.shape : [0])
    var weightGradient = Tensor(zeros: weight.shape)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        outputGradient.scalars.withUnsafeBufferPointer { dy in
          inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
            weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
              let xBase = x.baseAddress!, wBase = wt.baseAddress!, dyBase = dy.baseAddress!
              let dxBase = dx.baseAddress, dwBase = dw.baseAddress!
              // Each thread owns whole channels: it writes only their filters and planes.
              Threading.parallelFor(c) { channels in
                for ch in channels {
                  for i in 0..<n {
                    let index = i * c + ch
                    ocnna_depthwise_backward_plane(
                      xBase + index * h * w, dyBase + index * oh * ow, Int32(h), Int32(w),
                      wBase + ch * k * k, Int32(k), Int32(s), Int32(p), Int32(oh), Int32(ow),
                      dwBase + ch * k * k, dxBase.map { $0 + index * h * w })
                  }
                }
              }
            }
          }
        }
      }
    }
    return (needInputGradient ? inputGradient : nil, weightGradient)
  }
}
