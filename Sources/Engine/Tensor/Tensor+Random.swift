extension Tensor {
  /// A tensor of independent normal samples with the given standard deviation.
  public init(normal shape: [Int], standardDeviation: Float = 1, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let count = shape.reduce(1, *)
    var scalars = [Float](repeating: 0, count: count)
    for i in 0..<count { scalars[i] = generator.nextNormal() * standardDeviation }
    self.init(shape: shape, scalars: scalars)
  }

  /// A tensor of independent uniform samples in `[low, high)`.
  public init(uniform shape: [Int], low: Float = 0, high: Float = 1, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let count = shape.reduce(1, *)
    var scalars = [Float](repeating: 0, count: count)
    for i in 0..<count { scalars[i] = low + (high - low) * generator.nextUniform() }
    self.init(shape: shape, scalars: scalars)
  }
}
