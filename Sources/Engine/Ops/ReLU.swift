/// The rectifier `max(0, x)`.
public enum ReLU {
  public static func forward(_ input: Tensor) -> Tensor {
    var output = input
    output.scalars.withUnsafeMutableBufferPointer { y in
      // Branch-free so that the compiler vectorises the loop.
      for i in 0..<y.count { y[i] = max(y[i], 0) }
    }
    return output
  }

  /// Passes the gradient where the forward output was positive.
  public static func backward(output: Tensor, outputGradient: Tensor) -> Tensor {
    precondition(
      output.shape == outputGradient.shape,
      "relu backward: gradient \(outputGradient.shape) vs output \(output.shape)")
    var dx = outputGradient
    output.scalars.withUnsafeBufferPointer { y in
      dx.scalars.withUnsafeMutableBufferPointer { g in
        for i in 0..<g.count { g[i] = y[i] > 0 ? g[i] : 0 }
      }
    }
    return dx
  }
}
