import Foundation

/// A method's accuracy drop against its remaining parameters ratio, one point per
/// operating point (the mean over seeds, with their spread), sorted by RPR.
///
/// The summaries compare curves that were measured at different operating points: the drop
/// interpolated at fixed RPRs (linearly in log RPR, never extrapolated) and the mean drop
/// over a log-RPR range (the area under the curve divided by the range's width).
public struct TradeOffCurve: Sendable {
  public struct Point: Sendable, Equatable {
    public var rpr: Double
    public var drop: Double
    /// Standard deviation of the drop over seeds (0 with one seed).
    public var spread: Double
    public var seeds: Int

    public init(rpr: Double, drop: Double, spread: Double = 0, seeds: Int = 1) {
      self.rpr = rpr
      self.drop = drop
      self.spread = spread
      self.seeds = seeds
    }
  }

  public var points: [Point]

  /// The RPRs the summaries report.
  public static let summaryRPRs = [0.5, 0.25, 0.1]

  public init(points: [Point]) {
    self.points = points.filter { $0.rpr > 0 && $0.rpr.isFinite && $0.drop.isFinite }.sorted {
      $0.rpr < $1.rpr
    }
  }

  /// Groups `(rpr, drop)` samples by operating point and averages each group.
  public init(samples: [String: [(rpr: Double, drop: Double)]]) {
    self.init(
      points: samples.values.map { group in
        let n = Double(group.count)
        let rpr = group.map(\.rpr).reduce(0, +) / n
        let drop = group.map(\.drop).reduce(0, +) / n
        let variance = group.map { ($0.drop - drop) * ($0.drop - drop) }.reduce(0, +) / n
        return Point(rpr: rpr, drop: drop, spread: variance.squareRoot(), seeds: group.count)
      })
  }

  public var rprRange: ClosedRange<Double>? {
    guard let first = points.first, let last = points.last else { return nil }
    return first.rpr...last.rpr
  }

  /// The largest seed spread of any point.
  public var spread: Double { points.map(\.spread).max() ?? 0 }

  /// The drop at `rpr`, interpolated linearly in log RPR; nil outside the measured range.
  public func drop(atRPR rpr: Double) -> Double? {
    guard let range = rprRange, range.contains(rpr) else { return nil }
    if points.count == 1 { return points[0].drop }
    for (a, b) in zip(points, points.dropFirst()) where a.rpr <= rpr && rpr <= b.rpr {
      let span = log(b.rpr) - log(a.rpr)
      let t = span == 0 ? 0 : (log(rpr) - log(a.rpr)) / span
      return a.drop + t * (b.drop - a.drop)
    }
    return nil
  }

  /// The mean drop over `range` in log RPR (area under the curve / log width), nil when
  /// the curve does not cover the range or the range is a point.
  public func meanDrop(over range: ClosedRange<Double>) -> Double? {
    guard let covered = rprRange, covered.lowerBound <= range.lowerBound,
      range.upperBound <= covered.upperBound, range.upperBound > range.lowerBound
    else { return nil }
    var xs =
      [range.lowerBound] + points.map(\.rpr).filter { range.contains($0) } + [
        range.upperBound
      ]
    xs = Array(Set(xs)).sorted()
    var area = 0.0
    for (a, b) in zip(xs, xs.dropFirst()) {
      guard let da = drop(atRPR: a), let db = drop(atRPR: b) else { return nil }
      area += (log(b) - log(a)) * (da + db) / 2
    }
    return area / (log(range.upperBound) - log(range.lowerBound))
  }
}
