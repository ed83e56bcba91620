/// Inverted dropout: in training each element is zeroed with probability `p` and the rest
/// are scaled by 1/(1 − p); the mask comes from a seed, so a step is reproducible.
public enum Dropout {
  /// The mask of scale factors (0 or 1/(1 − p)) for `count` elements.
  public static func mask(count: Int, probability: Float, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    let keep = 1 / (1 - probability)
    var mask = [Float](repeating: 0, count: count)
    for i in 0..<count where generator.nextUniform() >= probability { mask[i] = keep }
    return mask
  }

  /// Multiplies `tensor` by `mask` element by element (forward and backward alike).
  public static func apply(_ mask: [Float], to tensor: Tensor) -> Tensor {
    precondition(mask.count == tensor.count, "dropout: mask of \(mask.count) for \(tensor.shape)")
    var output = tensor
    output.scalars.withUnsafeMutableBufferPointer { y in
      for i in 0..<y.count { y[i] *= mask[i] }
    }
    return output
  }
}
