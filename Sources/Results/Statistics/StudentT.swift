import Foundation

/// Student's t distribution: the two-sided p-value of a statistic and the quantile that
/// makes a 95 % interval, for any degrees of freedom (no table to run out of).
public enum StudentT {
  /// P(|T| ≥ |t|) with `df` degrees of freedom.
  public static func twoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
    guard t.isFinite else { return t.isNaN ? .nan : 0 }
    return IncompleteBeta.regularised(x: df / (df + t * t), a: df / 2, b: 0.5)
  }

  /// The q-quantile (0.5 < q < 1) of t with `df` degrees of freedom, by bisection on
  /// the p-value (monotone in t), to 1e-12.
  public static func quantile(_ q: Double, degreesOfFreedom df: Double) -> Double {
    precondition(q > 0.5 && q < 1, "quantile of t for q in (0.5, 1)")
    let target = 2 * (1 - q)  // the two-sided p at the quantile
    var (low, high) = (0.0, 1.0)
    while twoSidedP(high, degreesOfFreedom: df) > target { high *= 2 }
    for _ in 0..<200 {
      let mid = (low + high) / 2
      if twoSidedP(mid, degreesOfFreedom: df) > target { low = mid } else { high = mid }
      if high - low < 1e-12 { break }
    }
    return (low + high) / 2
  }

  /// The 0.975 quantile — the factor of every 95 % interval the report prints — for an
  /// integer number of degrees of freedom: computed once per value and kept, since a site
  /// build asks for it tens of thousands of times and each bisection takes ~45 incomplete
  /// beta functions.
  public static func quantile975(degreesOfFreedom df: Int) -> Double {
    precondition(df >= 1, "at least one degree of freedom")
    return df < quantiles975.count
      ? quantiles975[df] : quantile(0.975, degreesOfFreedom: Double(df))
  }

  /// `quantile(0.975, …)` for 0…256 degrees of freedom (index 0 unused), filled on first use.
  private static let quantiles975: [Double] =
    [.nan] + (1...256).map { quantile(0.975, degreesOfFreedom: Double($0)) }
}
