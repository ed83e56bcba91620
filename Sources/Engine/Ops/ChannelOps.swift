/// Operations that combine or rearrange whole channels: elementwise sum, concatenation on
/// the channel axis, and the option-A shortcut's subsample-and-pad.
public enum ChannelOps {
  /// The elementwise sum of tensors of one shape (residual connections).
  public static func add(_ inputs: [Tensor]) -> Tensor {
    precondition(!inputs.isEmpty, "add: no inputs")
    var output = inputs[0]
    for other in inputs.dropFirst() {
      precondition(
        other.shape == output.shape, "add: shapes \(output.shape) and \(other.shape) differ")
      output.add(other)
    }
    return output
  }

  /// Concatenation of `NCHW` tensors along the channel axis.
  public static func concat(_ inputs: [Tensor]) -> Tensor {
    precondition(!inputs.isEmpty, "concat: no inputs")
    let (n, _, h, w) = inputs[0].nchw("concat")
    for t in inputs {
      precondition(
        t.rank == 4 && t.shape[0] == n && t.shape[2] == h && t.shape[3] == w,
        "concat: shapes \(inputs.map(\.shape)) differ outside the channel axis")
    }
    let channels = inputs.reduce(0) { $0 + $1.shape[1] }
    let plane = h * w
    var output = Tensor(zeros: [n, channels, h, w])
    output.scalars.withUnsafeMutableBufferPointer { y in
      for i in 0..<n {
        var offset = 0
        for t in inputs {
          let c = t.shape[1]
          t.scalars.withUnsafeBufferPointer { x in
            (y.baseAddress! + (i * channels + offset) * plane)
              .update(from: x.baseAddress! + i * c * plane, count: c * plane)
          }
          offset += c
        }
      }
    }
    return output
  }

  /// Splits a concatenation's gradient back into its inputs' channel counts.
  public static func concatBackward(outputGradient: Tensor, channelCounts: [Int]) -> [Tensor] {
    let (n, channels, h, w) = outputGradient.nchw("concat backward")
    let plane = h * w
    var offset = 0
    return channelCounts.map { c in
      var part = Tensor(zeros: [n, c, h, w])
      part.scalars.withUnsafeMutableBufferPointer { dst in
        outputGradient.scalars.withUnsafeBufferPointer { src in
          for i in 0..<n {
            (dst.baseAddress! + i * c * plane)
              .update(from: src.baseAddress! + (i * channels + offset) * plane, count: c * plane)
          }
        }
      }
      offset += c
      return part
    }
  }

  /// Keeps every `stride`-th row and column (`x[:, :, ::s, ::s]`) and adds zero channels
  /// before and after: the parameter-free shortcut of He et al.'s CIFAR ResNets (option A).
  public static func channelPad(_ input: Tensor, config: ChannelPadConfig) -> Tensor {
    let (n, c, h, w) = input.nchw("channelPad")
    let s = config.stride
    let oh = config.outputSize(h), ow = config.outputSize(w)
    let oc = c + config.channelsBefore + config.channelsAfter
    var output = Tensor(zeros: [n, oc, oh, ow])
    output.scalars.withUnsafeMutableBufferPointer { y in
      input.scalars.withUnsafeBufferPointer { x in
        for i in 0..<n {
          for ch in 0..<c {
            let src = (i * c + ch) * h * w
            let dst = (i * oc + ch + config.channelsBefore) * oh * ow
            for oy in 0..<oh {
              for ox in 0..<ow { y[dst + oy * ow + ox] = x[src + oy * s * w + ox * s] }
            }
          }
        }
      }
    }
    return output
  }

  public static func channelPadBackward(
    inputShape: [Int], outputGradient: Tensor, config: ChannelPadConfig
  ) -> Tensor {
    let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
    let (oc, oh, ow) = (outputGradient.shape[1], outputGradient.shape[2], outputGradient.shape[3])
    let s = config.stride
    var dx = Tensor(zeros: inputShape)
    dx.scalars.withUnsafeMutableBufferPointer { g in
      outputGradient.scalars.withUnsafeBufferPointer { dy in
        for i in 0..<n {
          for ch in 0..<c {
            let dst = (i * c + ch) * h * w
            let src = (i * oc + ch + config.channelsBefore) * oh * ow
            for oy in 0..<oh {
              for ox in 0..<ow { g[dst + oy * s * w + ox * s] = dy[src + oy * ow + ox] }
            }
          }
        }
      }
    }
    return dx
  }
}
