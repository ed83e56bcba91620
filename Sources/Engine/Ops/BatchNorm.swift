import CKernels

/// 2-D batch normalisation over the channel axis of an `NCHW` tensor.
///
/// Ioffe & Szegedy, "Batch Normalization", ICML 2015 (arXiv:1502.03167). In training the
/// batch's mean and biased variance normalise, and the running statistics move toward the
/// batch's mean and unbiased variance by `momentum` (PyTorch's convention); in evaluation
/// the running statistics normalise.
public enum BatchNorm {
  /// What the backward pass needs from the forward pass.
  public struct Saved: Sendable {
    /// Per-channel mean and 1/sqrt(variance + eps) that normalised the input.
    public var mean: [Float]
    public var inverseStandardDeviation: [Float]
    /// True when batch statistics were used (training mode).
    public var usedBatchStatistics: Bool
  }

  /// One channel's normalisation as y = x · scale + shift, computed the same way for the
  /// training pass, the evaluation pass and the in-place inference pass, so that
  /// `inference` and `forward(mode: .eval)` give the same bits.
  static func affine(weight: Float, bias: Float, mean: Float, variance: Float, epsilon: Float)
    -> (inverse: Float, scale: Float, shift: Float)
  {
    let inverse = 1 / (variance + epsilon).squareRoot()
    let scale = weight * inverse
    return (inverse, scale, bias - mean * scale)
  }

  /// Stops with a message naming the shapes when the parameters do not fit the input.
  static func checkParameters(
    _ input: Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor,
    runningVariance: Tensor, config: BatchNormConfig
  ) {
    let c = input.shape[1]
    precondition(
      c == config.channels && weight.shape == [c] && bias.shape == [c]
        && runningMean.shape == [c] && runningVariance.shape == [c],
      "batchNorm2d: input \(input.shape) and parameters \(weight.shape) do not match \(config.channels) channels"
    )
  }

  /// Normalises `input`; in training, updates `runningMean` and `runningVariance`.
  public static func forward(
    _ input: Tensor, weight: Tensor, bias: Tensor, runningMean: inout Tensor,
    runningVariance: inout Tensor, config: BatchNormConfig, training: Bool
  ) -> (output: Tensor, saved: Saved) {
    let (n, c, h, w) = input.nchw("batchNorm2d")
    checkParameters(
      input, weight: weight, bias: bias, runningMean: runningMean,
      runningVariance: runningVariance, config: config)
    let plane = h * w
    let m = n * plane
    var mean = [Float](repeating: 0, count: c)
    var inverse = [Float](repeating: 0, count: c)
    var batchVariance = [Float](repeating: 0, count: c)
    var output = Tensor(uninitialized: input.shape)
    input.scalars.withUnsafeBufferPointer { x in
      output.scalars.withUnsafeMutableBufferPointer { y in
        mean.withUnsafeMutableBufferPointer { meanBuffer in
          inverse.withUnsafeMutableBufferPointer { inverseBuffer in
            batchVariance.withUnsafeMutableBufferPointer { varianceBuffer in
              let varianceBase = varianceBuffer.baseAddress!
              let xBase = x.baseAddress!, yBase = y.baseAddress!
              let meanBase = meanBuffer.baseAddress!, inverseBase = inverseBuffer.baseAddress!
              Threading.parallelFor(c) { channels in
                for ch in channels {
                  var mu: Float, variance: Float
                  if training {
                    var sum: Double = 0, squares: Double = 0
                    for i in 0..<n {
                      var s: Float = 0, q: Float = 0
                      ocnna_sum_and_squares(xBase + (i * c + ch) * plane, plane, &s, &q)
                      sum += Double(s)
                      squares += Double(q)
                    }
                    let meanD = sum / Double(m)
                    mu = Float(meanD)
                    variance = Float(max(0, squares / Double(m) - meanD * meanD))
                  } else {
                    mu = runningMean.scalars[ch]
                    variance = runningVariance.scalars[ch]
                  }
                  let (inv, scale, shift) = affine(
                    weight: weight.scalars[ch], bias: bias.scalars[ch], mean: mu,
                    variance: variance, epsilon: config.epsilon)
                  meanBase[ch] = mu
                  inverseBase[ch] = inv
                  varianceBase[ch] = variance
                  for i in 0..<n {
                    let offset = (i * c + ch) * plane
                    ocnna_affine(xBase + offset, scale, shift, yBase + offset, plane)
                  }
                }
              }
            }
          }
        }
      }
    }
    if training {
      let momentum = config.momentum
      let correction = m > 1 ? Float(m) / Float(m - 1) : 1
      for ch in 0..<c {
        let variance = batchVariance[ch]
        runningMean.scalars[ch] = (1 - momentum) * runningMean.scalars[ch] + momentum * mean[ch]
        runningVariance.scalars[ch] =
          (1 - momentum) * runningVariance.scalars[ch] + momentum * variance * correction
      }
    }
    return (
      output, Saved(mean: mean, inverseStandardDeviation: inverse, usedBatchStatistics: training)
    )
  }

  /// Evaluation-mode BatchNorm (running statistics) in place, and the ReLU after it in the
  /// same pass when `rectifying`: at inference nothing else reads the convolution's
  /// output, so one pass over it replaces a new tensor and two passes.
  public static func evaluateInPlace(
    _ tensor: inout Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor,
    runningVariance: Tensor, config: BatchNormConfig, rectifying: Bool
  ) {
    let (n, c, h, w) = tensor.nchw("batchNorm2d")
    checkParameters(
      tensor, weight: weight, bias: bias, runningMean: runningMean,
      runningVariance: runningVariance, config: config)
    let plane = h * w
    let affines = (0..<c).map {
      affine(
        weight: weight.scalars[$0], bias: bias.scalars[$0], mean: runningMean.scalars[$0],
        variance: runningVariance.scalars[$0], epsilon: config.epsilon)
    }
    tensor.scalars.withUnsafeMutableBufferPointer { y in
      let base = y.baseAddress!
      Threading.parallelFor(n * c, minimumPerThread: max(1, Threading.elementwiseGrain / plane)) {
        planes in
        for index in planes {
          let ch = index % c
          ocnna_scale_shift(
            base + index * plane, affines[ch].scale, affines[ch].shift, rectifying ? 1 : 0, plane)
        }
      }
    }
  }

  /// The gradients with respect to the input, the weight (γ) and the bias (β).
  public static func backward(
    _ input: Tensor, weight: Tensor, saved: Saved, outputGradient: Tensor
  ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
    let (n, c, h, w) = input.nchw("batchNorm2d backward")
    precondition(
      outputGradient.shape == input.shape,
      "batchNorm2d backward: gradient \(outputGradient.shape) vs input \(input.shape)")
    let plane = h * w
    let m = Float(n * plane)
    var dx = Tensor(uninitialized: input.shape)
    var dGamma = [Float](repeating: 0, count: c)
    var dBeta = [Float](repeating: 0, count: c)
    input.scalars.withUnsafeBufferPointer { x in
      outputGradient.scalars.withUnsafeBufferPointer { dy in
        dx.scalars.withUnsafeMutableBufferPointer { gx in
          dGamma.withUnsafeMutableBufferPointer { gGamma in
            dBeta.withUnsafeMutableBufferPointer { gBeta in
              let xBase = x.baseAddress!, dyBase = dy.baseAddress!, dxBase = gx.baseAddress!
              let gammaBase = gGamma.baseAddress!, betaBase = gBeta.baseAddress!
              Threading.parallelFor(c) { channels in
                for ch in channels {
                  let mu = saved.mean[ch], inv = saved.inverseStandardDeviation[ch]
                  var sumDy: Double = 0, sumDyXhat: Double = 0
                  for i in 0..<n {
                    let offset = (i * c + ch) * plane
                    var a: Float = 0, b: Float = 0
                    ocnna_sum_and_centered_products(
                      dyBase + offset, xBase + offset, mu, plane, &a, &b)
                    sumDy += Double(a)
                    sumDyXhat += Double(b)
                  }
                  let dyXhat = Float(sumDyXhat) * inv
                  gammaBase[ch] = dyXhat
                  betaBase[ch] = Float(sumDy)
                  let scale = weight.scalars[ch] * inv
                  if saved.usedBatchStatistics {
                    let meanDy = Float(sumDy) / m, meanDyXhat = dyXhat / m
                    for i in 0..<n {
                      let offset = (i * c + ch) * plane
                      ocnna_batch_norm_input_gradient(
                        xBase + offset, dyBase + offset, dxBase + offset, plane, mu, inv, scale,
                        meanDy, meanDyXhat)
                    }
                  } else {
                    for i in 0..<n {
                      let offset = (i * c + ch) * plane
                      ocnna_affine(dyBase + offset, scale, 0, dxBase + offset, plane)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return (dx, Tensor(shape: [c], scalars: dGamma), Tensor(shape: [c], scalars: dBeta))
  }
}
