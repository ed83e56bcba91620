import Foundation

/// McNemar's exact test on the test images two networks share: of the images exactly one
/// of them got right (b only the first, c only the second), is the split further from
/// half and half than chance allows? Two-sided, the binomial test of b in b + c trials at
/// p = ½ (as `scipy.stats.binomtest(b, b + c, 0.5)`).
///
/// It answers "within this seed, do the two pruned networks differ on these images", not
/// whether the methods differ across seeds; the report says which it is.
public struct McNemarTest: Sendable, Equatable {
  /// Images only the first network got right.
  public var onlyFirst: Int
  /// Images only the second network got right.
  public var onlySecond: Int
  public var pValue: Double

  public init(onlyFirst b: Int, onlySecond c: Int) {
    onlyFirst = b
    onlySecond = c
    let n = b + c
    guard n > 0 else {
      pValue = 1
      return
    }
    // 2 · P(X ≤ min(b, c)) for X ~ Binomial(n, ½), capped at 1.
    let k = min(b, c)
    let logHalfPower = Double(n) * log(0.5)
    let logNFactorial: Double = lgamma(Double(n + 1))
    var tail = 0.0
    for i in 0...k {
      let logChoose: Double = logNFactorial - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
      tail += exp(logChoose + logHalfPower)
    }
    pValue = min(1, 2 * tail)
  }

  /// The test over two networks' per-image correctness (the same images in the same order).
  public init?(first: [Bool], second: [Bool]) {
    guard first.count == second.count, !first.isEmpty else { return nil }
    var b = 0, c = 0
    for (x, y) in zip(first, second) where x != y {
      if x { b += 1 } else { c += 1 }
    }
    self.init(onlyFirst: b, onlySecond: c)
  }
}
