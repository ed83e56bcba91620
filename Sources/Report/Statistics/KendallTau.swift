/// Kendall's rank correlation τ_b (Kendall 1945, ties in either ranking allowed) between two
/// orderings of the same items: the budget study's measure of whether the criteria keep their
/// order as the fine-tuning budget grows (1: the same order, −1: reversed, 0: unrelated).
/// It reads only the order of the means, resolved or not; the paired tests say which
/// differences the seeds resolve.
public enum KendallTau {
  /// τ_b between paired observations `x[i]`, `y[i]`, or nil with fewer than two pairs or
  /// where either side is all ties (τ undefined, as SciPy returns NaN).
  public static func tauB(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "Kendall's τ needs paired observations")
    let n = x.count
    guard n >= 2 else { return nil }
    var concordant = 0, discordant = 0, tiedX = 0, tiedY = 0
    for i in 0..<n {
      for j in (i + 1)..<n {
        let dx = x[i] - x[j], dy = y[i] - y[j]
        if dx == 0 { tiedX += 1 }
        if dy == 0 { tiedY += 1 }
        if dx == 0 || dy == 0 { continue }
        if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
      }
    }
    let pairs = n * (n - 1) / 2
    let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
    guard denominator > 0 else { return nil }
    return Double(concordant - discordant) / denominator
  }
}
