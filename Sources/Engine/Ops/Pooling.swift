import CKernels

/// Max, average and global average pooling over the spatial axes of `NCHW` tensors.
public enum Pooling {
  static func outputShape(_ op: String, _ input: Tensor, _ config: PoolConfig) -> [Int] {
    let (n, c, h, w) = input.nchw(op)
    let oh = config.outputSize(h), ow = config.outputSize(w)
    precondition(
      oh > 0 && ow > 0, "\(op): input \(input.shape) too small for window \(config.kernelSize)")
    return [n, c, oh, ow]
  }

  /// Max pooling; also returns, for every output, the flat in-plane index of its maximum
  /// (padding counts as −∞, as in PyTorch), unless `recordingPositions` is false
  /// (inference), when `argmax` is empty.
  public static func maxForward(
    _ input: Tensor, config: PoolConfig, recordingPositions: Bool = true
  ) -> (output: Tensor, argmax: [Int32]) {
    let shape = outputShape("maxPool2d", input, config)
    let (h, w) = (input.shape[2], input.shape[3])
    if config.kernelSize == 2, config.stride == 2, config.padding == 0, h % 2 == 0, w % 2 == 0 {
      return maxForward2x2(input, shape: shape, recordingPositions: recordingPositions)
    }
    return maxForwardReference(input, config: config)
  }

  /// Max pooling by the plain loop over every window, for any window, stride and padding:
  /// what `maxForward` runs where its 2 × 2 kernel does not apply, and the oracle the
  /// tests hold that kernel to.
  public static func maxForwardReference(_ input: Tensor, config: PoolConfig) -> (
    output: Tensor, argmax: [Int32]
  ) {
    let shape = outputShape("maxPool2d", input, config)
    let (h, w, oh, ow) = (input.shape[2], input.shape[3], shape[2], shape[3])
    let planes = shape[0] * shape[1]
    var output = Tensor(zeros: shape)
    var argmax = [Int32](repeating: 0, count: output.count)
    let k = config.kernelSize, s = config.stride, p = config.padding
    input.scalars.withUnsafeBufferPointer { x in
      output.scalars.withUnsafeMutableBufferPointer { y in
        argmax.withUnsafeMutableBufferPointer { a in
          let xBase = x.baseAddress!, yBase = y.baseAddress!, aBase = a.baseAddress!
          Threading.parallelFor(planes, minimumPerThread: 8) { range in
            for plane in range {
              let src = xBase + plane * h * w
              for oy in 0..<oh {
                for ox in 0..<ow {
                  var best = -Float.infinity, bestIndex = -1
                  for ky in 0..<k {
                    let iy = oy * s - p + ky
                    if iy < 0 || iy >= h { continue }
                    for kx in 0..<k {
                      let ix = ox * s - p + kx
                      if ix < 0 || ix >= w { continue }
                      let v = src[iy * w + ix]
                      if v > best || bestIndex < 0 {
                        best = v
                        bestIndex = iy * w + ix
                      }
                    }
                  }
                  let o = plane * oh * ow + oy * ow + ox
                  yBase[o] = best
                  aBase[o] = Int32(bestIndex)
                }
              }
            }
          }
        }
      }
    }
    return (output, argmax)
  }

  /// The 2 × 2, stride-2 windows of VGG in C (`ocnna_max_pool_2x2`): the general loop's
  /// bounds checks and branches per element made max pooling 5 % of a VGG-16 step.
  static func maxForward2x2(_ input: Tensor, shape: [Int], recordingPositions: Bool) -> (
    output: Tensor, argmax: [Int32]
  ) {
    let (h, w) = (input.shape[2], input.shape[3])
    let planes = shape[0] * shape[1], outPlane = shape[2] * shape[3]
    var output = Tensor(uninitialized: shape)
    var argmax =
      recordingPositions
      ? [Int32](unsafeUninitializedCapacity: output.count) { _, count in count = output.count }
      : []
    input.scalars.withUnsafeBufferPointer { x in
      output.scalars.withUnsafeMutableBufferPointer { y in
        argmax.withUnsafeMutableBufferPointer { a in
          // An empty array's buffer may still have an address: pass none without positions.
          let aBase = recordingPositions ? a.baseAddress : nil
          let (xBase, yBase) = (x.baseAddress!, y.baseAddress!)
          Threading.parallelFor(planes, minimumPerThread: 8) { range in
            ocnna_max_pool_2x2(
              xBase + range.lowerBound * h * w, Int32(h), Int32(w), range.count,
              yBase + range.lowerBound * outPlane, aBase.map { $0 + range.lowerBound * outPlane })
          }
        }
      }
    }
    return (output, argmax)
  }

  public static func maxBackward(inputShape: [Int], argmax: [Int32], outputGradient: Tensor)
    -> Tensor
  {
    var dx = Tensor(zeros: inputShape)
    let plane = inputShape[2] * inputShape[3]
    let outPlane = outputGradient.shape[2] * outputGradient.shape[3]
    dx.scalars.withUnsafeMutableBufferPointer { g in
      outputGradient.scalars.withUnsafeBufferPointer { dy in
        for o in 0..<dy.count {
          g[(o / outPlane) * plane + Int(argmax[o])] += dy[o]
        }
      }
    }
    return dx
  }

  /// Average pooling; padded positions count in the divisor (PyTorch's default).
  public static func averageForward(_ input: Tensor, config: PoolConfig) -> Tensor {
    let shape = outputShape("avgPool2d", input, config)
    let (h, w, oh, ow) = (input.shape[2], input.shape[3], shape[2], shape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    let scale = 1 / Float(k * k)
    var output = Tensor(zeros: shape)
    input.scalars.withUnsafeBufferPointer { x in
      output.scalars.withUnsafeMutableBufferPointer { y in
        for plane in 0..<(shape[0] * shape[1]) {
          for oy in 0..<oh {
            for ox in 0..<ow {
              var total: Float = 0
              for ky in 0..<k {
                let iy = oy * s - p + ky
                if iy < 0 || iy >= h { continue }
                for kx in 0..<k {
                  let ix = ox * s - p + kx
                  if ix >= 0 && ix < w { total += x[plane * h * w + iy * w + ix] }
                }
              }
              y[plane * oh * ow + oy * ow + ox] = total * scale
            }
          }
        }
      }
    }
    return output
  }

  public static func averageBackward(inputShape: [Int], outputGradient: Tensor, config: PoolConfig)
    -> Tensor
  {
    let (h, w) = (inputShape[2], inputShape[3])
    let (oh, ow) = (outputGradient.shape[2], outputGradient.shape[3])
    let k = config.kernelSize, s = config.stride, p = config.padding
    let scale = 1 / Float(k * k)
    var dx = Tensor(zeros: inputShape)
    dx.scalars.withUnsafeMutableBufferPointer { g in
      outputGradient.scalars.withUnsafeBufferPointer { dy in
        for plane in 0..<(inputShape[0] * inputShape[1]) {
          for oy in 0..<oh {
            for ox in 0..<ow {
              let v = dy[plane * oh * ow + oy * ow + ox] * scale
              for ky in 0..<k {
                let iy = oy * s - p + ky
                if iy < 0 || iy >= h { continue }
                for kx in 0..<k {
                  let ix = ox * s - p + kx
                  if ix >= 0 && ix < w { g[plane * h * w + iy * w + ix] += v }
                }
              }
            }
          }
        }
      }
    }
    return dx
  }

  /// The mean of each channel plane: `[N, C, H, W]` → `[N, C, 1, 1]`.
  public static func globalAverageForward(_ input: Tensor) -> Tensor {
    let (n, c, h, w) = input.nchw("globalAvgPool")
    let plane = h * w
    var output = Tensor(zeros: [n, c, 1, 1])
    input.scalars.withUnsafeBufferPointer { x in
      for i in 0..<(n * c) {
        var total: Float = 0
        for j in 0..<plane { total += x[i * plane + j] }
        output.scalars[i] = total / Float(plane)
      }
    }
    return output
  }

  public static func globalAverageBackward(inputShape: [Int], outputGradient: Tensor) -> Tensor {
    let plane = inputShape[2] * inputShape[3]
    var dx = Tensor(zeros: inputShape)
    dx.scalars.withUnsafeMutableBufferPointer { g in
      for i in 0..<outputGradient.count {
        let v = outputGradient.scalars[i] / Float(plane)
        for j in 0..<plane { g[i * plane + j] = v }
      }
    }
    return dx
  }
}
