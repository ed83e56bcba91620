import Engine

/// Finite-difference gradient checking for the engine's backward passes.
///
/// A function `f` with tensor output is reduced to the scalar L(x) = Σᵢ wᵢ · f(x)ᵢ with a
/// fixed random projection `w`; its analytic gradient is the backward pass fed with `w`
/// as the output gradient, and its numeric gradient is the central difference
/// (L(x + h·eⱼ) − L(x − h·eⱼ)) / 2h, summed in Double.
public enum GradientCheck {
  /// The numeric gradient of L(x) = Σ w · f(x) with respect to every element of `x`.
  public static func numericGradient(
    of f: (Tensor) -> Tensor, at x: Tensor, projection w: Tensor, step: Float = 1e-2
  ) -> Tensor {
    var gradient = Tensor(zeros: x.shape)
    var probe = x
    for j in 0..<x.count {
      let original = probe.scalars[j]
      probe.scalars[j] = original + step
      let plus = dot(f(probe), w)
      probe.scalars[j] = original - step
      let minus = dot(f(probe), w)
      probe.scalars[j] = original
      gradient.scalars[j] = Float((plus - minus) / (2 * Double(step)))
    }
    return gradient
  }

  /// Σ a·b in Double.
  public static func dot(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.shape == b.shape, "dot: \(a.shape) vs \(b.shape)")
    var total = 0.0
    for i in 0..<a.count { total += Double(a.scalars[i]) * Double(b.scalars[i]) }
    return total
  }

  /// ‖a − b‖ / max(‖a‖, ‖b‖, 1e-6): 0 for equal tensors, about 1 for unrelated ones.
  public static func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.shape == b.shape, "relativeError: \(a.shape) vs \(b.shape)")
    var difference = 0.0, normA = 0.0, normB = 0.0
    for i in 0..<a.count {
      let x = Double(a.scalars[i]), y = Double(b.scalars[i])
      difference += (x - y) * (x - y)
      normA += x * x
      normB += y * y
    }
    return difference.squareRoot() / max(normA.squareRoot(), normB.squareRoot(), 1e-6)
  }

  /// The relative error between `analytic` and the numeric gradient of Σ w · f at `x`.
  public static func error(
    analytic: Tensor, of f: (Tensor) -> Tensor, at x: Tensor, projection w: Tensor,
    step: Float = 1e-2
  ) -> Double {
    relativeError(analytic, numericGradient(of: f, at: x, projection: w, step: step))
  }

  /// The tolerance of the engine's checks. Correct backward passes land between 1e-6 and
  /// 1e-4 on these small Float32 problems (measured: convolutions about 1e-5, BatchNorm in
  /// training mode 5e-5); a wrong gradient (a missing term, a misplaced index, a 2 %
  /// scale) lands at 2e-2 or above, as `BrokenBackwardTests` shows.
  public static let tolerance = 2e-3
}
