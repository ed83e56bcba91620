import Foundation
import Results

/// How large a change of accuracy drop must be before `ocnna compare` flags it: the 95 %
/// half-width of the difference between the two sides, from the seed spread measured on
/// each side (Student's t with the pooled degrees of freedom), so that the bar is what the
/// numbers' own noise makes it rather than a fixed number of points. Where either side has
/// fewer than two seeds of a point there is no spread to measure, and the fixed
/// `threshold` serves instead.
public enum ChangeTolerance {
  /// What the tolerance of a change was derived from.
  public enum Basis: Equatable, Sendable {
    /// Both sides' seed spreads; the seeds on each side.
    case seedSpread(before: Int, after: Int)
    /// The fixed threshold (a side had fewer than two seeds).
    case threshold
  }

  /// The tolerance for a change between one seed's drop on each side (a cell), given every
  /// seed's drop at that operating point on each side: t · √(s²_before + s²_after).
  public static func ofOneSeed(before: [Double], after: [Double], threshold: Double) -> (
    Double, Basis
  ) {
    halfWidth(before, after, threshold: threshold) { $0.variance + $1.variance }
  }

  /// The tolerance for a change between the seed means of each side (a curve's summary):
  /// t · √(s²_before / n_before + s²_after / n_after).
  public static func ofMeans(before: [Double], after: [Double], threshold: Double) -> (
    Double, Basis
  ) {
    halfWidth(before, after, threshold: threshold) {
      $0.variance / Double($0.count) + $1.variance / Double($1.count)
    }
  }

  private static func halfWidth(
    _ before: [Double], _ after: [Double], threshold: Double,
    _ varianceOfDifference: ((variance: Double, count: Int), (variance: Double, count: Int)) ->
      Double
  ) -> (Double, Basis) {
    guard before.count >= 2, after.count >= 2 else { return (threshold, .threshold) }
    let a = (variance: sampleVariance(before), count: before.count)
    let b = (variance: sampleVariance(after), count: after.count)
    let t = StudentT.quantile975(degreesOfFreedom: a.count + b.count - 2)
    return (
      t * varianceOfDifference(a, b).squareRoot(),
      .seedSpread(before: before.count, after: after.count)
    )
  }

  /// The unbiased variance (n − 1) of at least two values.
  static func sampleVariance(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    return values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
  }
}
