import Foundation
import Results

/// Student's paired t-test on per-seed differences (as `scipy.stats.ttest_rel`): with n
/// seeds the differences of the two methods' numbers have n − 1 degrees of freedom.
///
/// The report runs it only from 3 seeds up. With 2 seeds the 97.5 % quantile is 12.7 and
/// the verdict says nothing; with 1 there is no spread at all.
public struct PairedTTest: Sendable, Equatable {
  public var n: Int
  public var meanDifference: Double
  /// Sample standard deviation of the differences (n − 1 in the denominator).
  public var standardDeviation: Double
  public var t: Double
  public var pValue: Double
  /// Half-width of the 95 % interval of the mean difference.
  public var halfWidth95: Double

  public var degreesOfFreedom: Int { n - 1 }

  /// The test of `differences`; nil with fewer than `minimumSeeds` of them.
  public init?(differences: [Double], minimumSeeds: Int = 3) {
    n = differences.count
    guard n >= max(2, minimumSeeds) else { return nil }
    meanDifference = differences.reduce(0, +) / Double(n)
    let mean = meanDifference
    let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    standardDeviation = variance.squareRoot()
    let standardError = standardDeviation / Double(n).squareRoot()
    if standardError == 0 {
      t = meanDifference == 0 ? 0 : (meanDifference > 0 ? .infinity : -.infinity)
      pValue = meanDifference == 0 ? 1 : 0
    } else {
      t = meanDifference / standardError
      pValue = StudentT.twoSidedP(t, degreesOfFreedom: Double(n - 1))
    }
    halfWidth95 = StudentT.quantile975(degreesOfFreedom: n - 1) * standardError
  }
}
