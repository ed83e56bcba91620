/// The plain, loop-by-loop convolution used as the test oracle of `Convolution`: no
/// lowering, no BLAS, sums in Double.
public enum ConvolutionReference {
  public static func forward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, config: ConvolutionConfig
  ) -> Tensor {
    let outShape = Convolution.outputShape(input.shape, config)
    let (n, _, h, w) = input.nchw("conv2d reference")
    let (oc, oh, ow) = (outShape[1], outShape[2], outShape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    let groupIn = config.inputChannels / config.groups
    let groupOut = config.outputChannels / config.groups
    var output = Tensor(zeros: outShape)
    for i in 0..<n {
      for o in 0..<oc {
        let g = o / groupOut
        for oy in 0..<oh {
          for ox in 0..<ow {
            var total = Double(bias?.scalars[o] ?? 0)
            for ci in 0..<groupIn {
              let c = g * groupIn + ci
              for ky in 0..<k {
                for kx in 0..<k {
                  let iy = oy * s - p + ky, ix = ox * s - p + kx
                  guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                  let xv = input.scalars[((i * config.inputChannels + c) * h + iy) * w + ix]
                  let wv = weight.scalars[((o * groupIn + ci) * k + ky) * k + kx]
                  total += Double(xv) * Double(wv)
                }
              }
            }
            output.scalars[((i * oc + o) * oh + oy) * ow + ox] = Float(total)
          }
        }
      }
    }
    return output
  }

  public static func backward(
    _ input: Tensor, weight: Tensor, outputGradient: Tensor, config: ConvolutionConfig
  ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
    let (n, _, h, w) = input.nchw("conv2d reference backward")
    let (oc, oh, ow) = (outputGradient.shape[1], outputGradient.shape[2], outputGradient.shape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    let groupIn = config.inputChannels / config.groups
    let groupOut = config.outputChannels / config.groups
    var dx = [Double](repeating: 0, count: input.count)
    var dw = [Double](repeating: 0, count: weight.count)
    var db = [Double](repeating: 0, count: oc)
    for i in 0..<n {
      for o in 0..<oc {
        let g = o / groupOut
        for oy in 0..<oh {
          for ox in 0..<ow {
            let gy = Double(outputGradient.scalars[((i * oc + o) * oh + oy) * ow + ox])
            db[o] += gy
            for ci in 0..<groupIn {
              let c = g * groupIn + ci
              for ky in 0..<k {
                for kx in 0..<k {
                  let iy = oy * s - p + ky, ix = ox * s - p + kx
                  guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                  let xi = ((i * config.inputChannels + c) * h + iy) * w + ix
                  let wi = ((o * groupIn + ci) * k + ky) * k + kx
                  dx[xi] += gy * Double(weight.scalars[wi])
                  dw[wi] += gy * Double(input.scalars[xi])
                }
              }
            }
          }
        }
      }
    }
    return (
      Tensor(shape: input.shape, scalars: dx.map(Float.init)),
      Tensor(shape: weight.shape, scalars: dw.map(Float.init)),
      Tensor(shape: [oc], scalars: db.map(Float.init))
    )
  }
}
