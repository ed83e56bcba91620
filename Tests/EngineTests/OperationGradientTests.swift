import Engine
import TestSupport
import Testing

/// Finite-difference checks of every non-convolution operation, for inputs and parameters.
struct OperationGradientTests {
  /// Inputs bounded away from ReLU's and max-pool's kinks: |x| ≥ 0.2 and distinct values,
  /// so that a step of 1e-2 never crosses a kink or changes an argmax.
  static func kinkFree(_ shape: [Int], seed: UInt64) -> Tensor {
    let count = shape.reduce(1, *)
    var generator = SeededGenerator(seed: seed)
    var values = (0..<count).map { Float($0) * 0.05 + 0.2 }
    values.shuffle(using: &generator)
    let signs = (0..<count).map { _ in generator.next() % 2 == 0 ? Float(1) : -1 }
    return Tensor(shape: shape, scalars: zip(values, signs).map(*))
  }

  @Test func linear() {
    let config = LinearConfig(inputFeatures: 5, outputFeatures: 3)
    let x = Tensor(normal: [4, 5], seed: 1), w = Tensor(normal: [3, 5], seed: 2),
      b = Tensor(normal: [3], seed: 3)
    let p = Tensor(normal: [4, 3], seed: 4)
    let g = Linear.backward(x, weight: w, hasBias: true, outputGradient: p, config: config)
    #expect(
      GradientCheck.error(
        analytic: g.input!, of: { Linear.forward($0, weight: w, bias: b, config: config) }, at: x,
        projection: p) < GradientCheck.tolerance)
    #expect(
      GradientCheck.error(
        analytic: g.weight, of: { Linear.forward(x, weight: $0, bias: b, config: config) }, at: w,
        projection: p) < GradientCheck.tolerance)
    #expect(
      GradientCheck.error(
        analytic: g.bias!, of: { Linear.forward(x, weight: w, bias: $0, config: config) }, at: b,
        projection: p) < GradientCheck.tolerance)
  }

  @Test func linearMatchesReference() {
    for (n, i, o) in [(1, 1, 1), (3, 7, 5), (8, 16, 10)] {
      let config = LinearConfig(inputFeatures: i, outputFeatures: o)
      let x = Tensor(normal: [n, i], seed: 5), w = Tensor(normal: [o, i], seed: 6),
        b = Tensor(normal: [o], seed: 7)
      #expect(
        Linear.forward(x, weight: w, bias: b, config: config).maxAbsoluteDifference(
          LinearReference.forward(x, weight: w, bias: b, config: config)) < 1e-4)
      let dy = Tensor(normal: [n, o], seed: 8)
      let fast = Linear.backward(x, weight: w, hasBias: true, outputGradient: dy, config: config)
      let reference = LinearReference.backward(x, weight: w, outputGradient: dy, config: config)
      #expect(fast.input!.maxAbsoluteDifference(reference.input) < 1e-4)
      #expect(fast.weight.maxAbsoluteDifference(reference.weight) < 1e-4)
      #expect(fast.bias!.maxAbsoluteDifference(reference.bias) < 1e-4)
    }
  }

  @Test(arguments: [true, false])
  func batchNorm(training: Bool) {
    let config = BatchNormConfig(channels: 3)
    let x = Tensor(normal: [4, 3, 3, 3], standardDeviation: 2, seed: 1)
    let gamma = Tensor(uniform: [3], low: 0.5, high: 1.5, seed: 2),
      beta = Tensor(normal: [3], seed: 3)
    let statistics = (
      mean: Tensor(normal: [3], seed: 4), variance: Tensor(uniform: [3], low: 0.5, high: 2, seed: 5)
    )
    func run(_ x: Tensor, _ gamma: Tensor, _ beta: Tensor) -> (
      output: Tensor, saved: BatchNorm.Saved
    ) {
      var mean = statistics.mean, variance = statistics.variance
      return BatchNorm.forward(
        x, weight: gamma, bias: beta, runningMean: &mean, runningVariance: &variance,
        config: config, training: training)
    }
    let forward = run(x, gamma, beta)
    let p = Tensor(normal: forward.output.shape, seed: 6)
    let g = BatchNorm.backward(x, weight: gamma, saved: forward.saved, outputGradient: p)
    #expect(
      GradientCheck.error(
        analytic: g.input, of: { run($0, gamma, beta).output }, at: x, projection: p)
        < GradientCheck.tolerance)
    #expect(
      GradientCheck.error(
        analytic: g.weight, of: { run(x, $0, beta).output }, at: gamma, projection: p)
        < GradientCheck.tolerance)
    #expect(
      GradientCheck.error(
        analytic: g.bias, of: { run(x, gamma, $0).output }, at: beta, projection: p)
        < GradientCheck.tolerance)
  }

  @Test func batchNormUpdatesRunningStatisticsWithMomentum() {
    let config = BatchNormConfig(channels: 1, momentum: 0.1)
    // Mean 3, biased variance 3.5, unbiased 14/3.
    let x = Tensor(shape: [2, 1, 1, 2], scalars: [1, 2, 3, 6])
    var mean = Tensor(zeros: [1]), variance = Tensor(repeating: 1, shape: [1])
    let result = BatchNorm.forward(
      x, weight: Tensor(repeating: 1, shape: [1]), bias: Tensor(zeros: [1]), runningMean: &mean,
      runningVariance: &variance, config: config, training: true)
    #expect(abs(mean.scalars[0] - 0.3) < 1e-6)
    #expect(abs(variance.scalars[0] - (0.9 + 0.1 * 14 / 3)) < 1e-5)
    #expect(abs(result.output.scalars[0] - (1 - 3) / (3.5 + 1e-5).squareRoot()) < 1e-5)
    // Eval mode normalises with the running statistics.
    let eval = BatchNorm.forward(
      x, weight: Tensor(repeating: 1, shape: [1]), bias: Tensor(zeros: [1]), runningMean: &mean,
      runningVariance: &variance, config: config, training: false)
    #expect(
      abs(eval.output.scalars[3] - (6 - 0.3) / (variance.scalars[0] + 1e-5).squareRoot()) < 1e-5)
  }

  @Test func relu() {
    let x = Self.kinkFree([2, 3, 4, 4], seed: 1)
    let y = ReLU.forward(x)
    let p = Tensor(normal: y.shape, seed: 2)
    #expect(
      GradientCheck.error(
        analytic: ReLU.backward(output: y, outputGradient: p), of: ReLU.forward, at: x,
        projection: p) < GradientCheck.tolerance)
  }

  /// The 2 × 2 kernel against the plain loop, on values with many ties (the first maximum
  /// in window order must win) and with the positions left out at inference.
  @Test func twoByTwoMaxPoolingMatchesTheReference() {
    let x = Tensor(
      shape: [3, 5, 8, 6],
      scalars: Tensor(normal: [3, 5, 8, 6], seed: 9).scalars.map { ($0 * 2).rounded() })
    let config = PoolConfig(kernelSize: 2, stride: 2)
    let fast = Pooling.maxForward(x, config: config)
    let reference = Pooling.maxForwardReference(x, config: config)
    #expect(fast.output == reference.output)
    #expect(fast.argmax == reference.argmax)
    let inference = Pooling.maxForward(x, config: config, recordingPositions: false)
    #expect(inference.output == reference.output && inference.argmax.isEmpty)
  }

  @Test(arguments: [
    PoolConfig(kernelSize: 2), PoolConfig(kernelSize: 3, stride: 2, padding: 1),
    PoolConfig(kernelSize: 3, stride: 1),
  ])
  func pooling(_ config: PoolConfig) {
    let x = Self.kinkFree([2, 2, 6, 6], seed: 3)
    let (y, argmax) = Pooling.maxForward(x, config: config)
    let p = Tensor(normal: y.shape, seed: 4)
    let maxGradient = Pooling.maxBackward(inputShape: x.shape, argmax: argmax, outputGradient: p)
    #expect(
      GradientCheck.error(
        analytic: maxGradient, of: { Pooling.maxForward($0, config: config).output }, at: x,
        projection: p) < GradientCheck.tolerance)
    let average = Pooling.averageForward(x, config: config)
    let q = Tensor(normal: average.shape, seed: 5)
    let averageGradient = Pooling.averageBackward(
      inputShape: x.shape, outputGradient: q, config: config)
    #expect(
      GradientCheck.error(
        analytic: averageGradient, of: { Pooling.averageForward($0, config: config) }, at: x,
        projection: q) < GradientCheck.tolerance)
  }

  @Test func globalAveragePool() {
    let x = Tensor(normal: [2, 3, 4, 5], seed: 1)
    let p = Tensor(normal: [2, 3, 1, 1], seed: 2)
    let g = Pooling.globalAverageBackward(inputShape: x.shape, outputGradient: p)
    #expect(
      GradientCheck.error(analytic: g, of: Pooling.globalAverageForward, at: x, projection: p)
        < GradientCheck.tolerance)
  }

  @Test func concatAndAdd() {
    let a = Tensor(normal: [2, 2, 3, 3], seed: 1), b = Tensor(normal: [2, 3, 3, 3], seed: 2)
    let p = Tensor(normal: [2, 5, 3, 3], seed: 3)
    let parts = ChannelOps.concatBackward(outputGradient: p, channelCounts: [2, 3])
    #expect(
      GradientCheck.error(
        analytic: parts[0], of: { ChannelOps.concat([$0, b]) }, at: a, projection: p)
        < GradientCheck.tolerance)
    #expect(
      GradientCheck.error(
        analytic: parts[1], of: { ChannelOps.concat([a, $0]) }, at: b, projection: p)
        < GradientCheck.tolerance)
    let c = Tensor(normal: [2, 2, 3, 3], seed: 4), q = Tensor(normal: [2, 2, 3, 3], seed: 5)
    // The sum's gradient with respect to each operand is the output gradient itself.
    #expect(
      GradientCheck.error(analytic: q, of: { ChannelOps.add([$0, c]) }, at: a, projection: q)
        < GradientCheck.tolerance)
  }

  @Test(arguments: [5, 6])
  func channelPad(size: Int) {
    let config = ChannelPadConfig(stride: 2, channelsBefore: 2, channelsAfter: 1)
    let x = Tensor(normal: [2, 3, size, size], seed: 1)
    let y = ChannelOps.channelPad(x, config: config)
    #expect(y.shape == [2, 6, (size + 1) / 2, (size + 1) / 2])
    // x[:, :, ::2, ::2] lands after the two zero channels.
    #expect(y.scalars[2 * y.shape[2] * y.shape[3]] == x.scalars[0])
    #expect(y.scalars[0] == 0)
    let p = Tensor(normal: y.shape, seed: 2)
    let g = ChannelOps.channelPadBackward(inputShape: x.shape, outputGradient: p, config: config)
    #expect(
      GradientCheck.error(
        analytic: g, of: { ChannelOps.channelPad($0, config: config) }, at: x, projection: p)
        < GradientCheck.tolerance)
  }

  @Test func dropoutIsSeededAndScaled() {
    let mask = Dropout.mask(count: 10_000, probability: 0.3, seed: 9)
    #expect(mask == Dropout.mask(count: 10_000, probability: 0.3, seed: 9))
    #expect(mask != Dropout.mask(count: 10_000, probability: 0.3, seed: 10))
    let kept = mask.filter { $0 > 0 }
    #expect(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
    #expect(abs(Double(kept.count) / 10_000 - 0.7) < 0.02)
    let x = Tensor(normal: [10_000], seed: 1), p = Tensor(normal: [10_000], seed: 2)
    #expect(
      GradientCheck.error(
        analytic: Dropout.apply(mask, to: p), of: { Dropout.apply(mask, to: $0) }, at: x,
        projection: p, step: 1e-2) < GradientCheck.tolerance)
  }
}
