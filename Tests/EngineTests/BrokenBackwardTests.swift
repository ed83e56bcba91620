import Engine
import TestSupport
import Testing

/// Shows that the gradient checks can fail: deliberately wrong backward passes, of the
/// kinds real bugs take, are caught by the same tolerance that the real ones pass.
struct BrokenBackwardTests {
  @Test func batchNormWithoutTheMeanTermsFails() {
    // A classic bug: using the evaluation-mode formula (dx = γ/σ · dy) in training mode.
    let config = BatchNormConfig(channels: 2)
    let x = Tensor(normal: [3, 2, 3, 3], seed: 1),
      gamma = Tensor(uniform: [2], low: 0.5, high: 1.5, seed: 2)
    let beta = Tensor(zeros: [2])
    func run(_ x: Tensor) -> (output: Tensor, saved: BatchNorm.Saved) {
      var mean = Tensor(zeros: [2]), variance = Tensor(repeating: 1, shape: [2])
      return BatchNorm.forward(
        x, weight: gamma, bias: beta, runningMean: &mean, runningVariance: &variance,
        config: config, training: true)
    }
    let forward = run(x)
    let p = Tensor(normal: forward.output.shape, seed: 3)
    var broken = forward.saved
    broken.usedBatchStatistics = false
    let wrong = BatchNorm.backward(x, weight: gamma, saved: broken, outputGradient: p).input
    let right = BatchNorm.backward(x, weight: gamma, saved: forward.saved, outputGradient: p).input
    #expect(
      GradientCheck.error(analytic: right, of: { run($0).output }, at: x, projection: p)
        < GradientCheck.tolerance)
    #expect(
      GradientCheck.error(analytic: wrong, of: { run($0).output }, at: x, projection: p) > 10
        * GradientCheck.tolerance)
  }

  @Test func convolutionGradientOffByOnePixelFails() {
    let config = ConvolutionConfig(
      inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 1, padding: 1)
    let x = Tensor(normal: [2, 2, 5, 5], seed: 4), w = Tensor(normal: config.weightShape, seed: 5)
    let f = { (x: Tensor) in Convolution.forward(x, weight: w, bias: nil, config: config) }
    let p = Tensor(normal: f(x).shape, seed: 6)
    let right = Convolution.backward(
      x, weight: w, hasBias: false, outputGradient: p, config: config
    ).input!
    // A misplaced index: every gradient value moved one element along.
    var shifted = right
    shifted.scalars = Array(right.scalars.dropFirst()) + [right.scalars[0]]
    #expect(
      GradientCheck.error(analytic: shifted, of: f, at: x, projection: p) > 10
        * GradientCheck.tolerance)
  }

  @Test func twoPercentScaleErrorFails() {
    let config = LinearConfig(inputFeatures: 6, outputFeatures: 4)
    let x = Tensor(normal: [3, 6], seed: 7), w = Tensor(normal: [4, 6], seed: 8)
    let f = { (w: Tensor) in Linear.forward(x, weight: w, bias: nil, config: config) }
    let p = Tensor(normal: [3, 4], seed: 9)
    var scaled = Linear.backward(x, weight: w, hasBias: false, outputGradient: p, config: config)
      .weight
    scaled.scalars = scaled.scalars.map { $0 * 1.02 }
    #expect(
      GradientCheck.error(analytic: scaled, of: f, at: w, projection: p) > 5
        * GradientCheck.tolerance)
  }

  @Test func maxPoolRoutingToTheWrongElementFails() {
    let config = PoolConfig(kernelSize: 2)
    let x = OperationGradientTests.kinkFree([1, 2, 4, 4], seed: 10)
    let (y, argmax) = Pooling.maxForward(x, config: config)
    let p = Tensor(normal: y.shape, seed: 11)
    // Route every gradient to the window's first element instead of its maximum.
    let first = argmax.enumerated().map { index, _ -> Int32 in
      let plane = index % 4
      return Int32((plane / 2) * 8 + (plane % 2) * 2)
    }
    let wrong = Pooling.maxBackward(inputShape: x.shape, argmax: first, outputGradient: p)
    #expect(
      GradientCheck.error(
        analytic: wrong, of: { Pooling.maxForward($0, config: config).output }, at: x, projection: p
      ) > 10 * GradientCheck.tolerance)
  }
}
