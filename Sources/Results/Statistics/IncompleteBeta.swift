import Foundation

/// The regularised incomplete beta function I_x(a, b), which gives Student's t
/// distribution its tails. Evaluated by the continued fraction of Numerical Recipes
/// (Press et al., 3rd ed., §6.4, `betacf`) with the modified Lentz method, using the
/// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
enum IncompleteBeta {
  static func regularised(x: Double, a: Double, b: Double) -> Double {
    precondition(a > 0 && b > 0, "incomplete beta needs a, b > 0")
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
    let logPowers: Double = a * log(x) + b * log(1 - x)
    let logFront = logPowers - logBeta
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
    }
    return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
  }

  static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300, epsilon = 1e-16
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m = Double(m), m2 = 2 * m
      var numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
      d = 1 + numerator * d
      if abs(d) < tiny { d = tiny }
      c = 1 + numerator / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
      d = 1 + numerator * d
      if abs(d) < tiny { d = tiny }
      c = 1 + numerator / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let step = d * c
      h *= step
      if abs(step - 1) < epsilon { break }
    }
    return h
  }
}
