import CKernels

/// The rectifier `max(0, x)`.
public enum ReLU {
  public static func forward(_ input: Tensor) -> Tensor {
    var output = input
    rectify(&output)
    return output
  }

  /// `forward` in place, for a tensor nothing else reads afterwards.
  public static func rectify(_ tensor: inout Tensor) {
    tensor.scalars.withUnsafeMutableBufferPointer { y in
      let base = y.baseAddress!
      // On every core: one core does not saturate memory bandwidth.
      Threading.parallelFor(y.count, minimumPerThread: Threading.elementwiseGrain) { range in
        ocnna_relu(base + range.lowerBound, range.count)
      }
    }
  }

  /// Passes the gradient where the forward output was positive.
  public static func backward(output: Tensor, outputGradient: Tensor) -> Tensor {
    var gradient = outputGradient
    maskGradient(&gradient, output: output)
    return gradient
  }

  /// `backward` in place: the graph's backward pass owns the gradient, so masking it
  /// where it lies saves a copy of every activation-sized tensor.
  public static func maskGradient(_ gradient: inout Tensor, output: Tensor) {
    precondition(
      output.shape == gradient.shape,
      "relu backward: gradient \(gradient.shape) vs output \(output.shape)")
    output.scalars.withUnsafeBufferPointer { y in
      gradient.scalars.withUnsafeMutableBufferPointer { g in
        let (yBase, gBase) = (y.baseAddress!, g.baseAddress!)
        Threading.parallelFor(g.count, minimumPerThread: Threading.elementwiseGrain) { range in
          ocnna_relu_mask(yBase + range.lowerBound, gBase + range.lowerBound, range.count)
        }
      }
    }
  }
}
