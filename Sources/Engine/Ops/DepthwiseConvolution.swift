/// The direct kernel for depthwise convolutions (one `k × k` filter per channel, as in
/// MobileNet), where a GEMM would have a single row per group and waste the GEMM kernel.
enum DepthwiseConvolution {
  static func forward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, config: ConvolutionConfig
  ) -> Tensor {
    let outShape = Convolution.outputShape(input.shape, config)
    let (n, c, h, w) = input.nchw("depthwise conv2d")
    let (oh, ow) = (outShape[2], outShape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    var output = Tensor(zeros: outShape)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        output.scalars.withUnsafeMutableBufferPointer { y in
          let xBase = x.baseAddress!, wBase = wt.baseAddress!, yBase = y.baseAddress!
          Threading.parallelFor(n * c, minimumPerThread: 4) { planes in
            for index in planes {
              let ch = index % c
              let src = xBase + index * h * w
              let dst = yBase + index * oh * ow
              let filter = wBase + ch * k * k
              let b = bias?.scalars[ch] ?? 0
              for oy in 0..<oh {
                for ox in 0..<ow {
                  var total = b
                  for ky in 0..<k {
                    let iy = oy * s - p + ky
                    if iy < 0 || iy >= h { continue }
                    for kx in 0..<k {
                      let ix = ox * s - p + kx
                      if ix < 0 || ix >= w { continue }
                      total += filter[ky * k + kx] * src[iy * w + ix]
                    }
                  }
                  dst[oy * ow + ox] = total
                }
              }
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
                  let filter = wBase + ch * k * k
                  let filterGradient = dwBase + ch * k * k
                  for i in 0..<n {
                    let index = i * c + ch
                    let src = xBase + index * h * w
                    let grad = dyBase + index * oh * ow
                    let srcGradient = dxBase.map { $0 + index * h * w }
                    for oy in 0..<oh {
                      for ox in 0..<ow {
                        let g = grad[oy * ow + ox]
                        if g == 0 { continue }
                        for ky in 0..<k {
                          let iy = oy * s - p + ky
                          if iy < 0 || iy >= h { continue }
                          for kx in 0..<k {
                            let ix = ox * s - p + kx
                            if ix < 0 || ix >= w { continue }
                            filterGradient[ky * k + kx] += g * src[iy * w + ix]
                            srcGradient?[iy * w + ix] += g * filter[ky * k + kx]
                          }
                        }
                      }
                    }
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
