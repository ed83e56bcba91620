import Foundation

/// A published method's drop at one remaining-parameters ratio, read off its own results
/// on the same pair: interpolated (linearly in log RPR) between its nearest reported points
/// on either side, or its point at that ratio. Never extrapolated and never from a row its
/// data file flags, so a method is only set beside OCNNA where it actually reported.
///
/// It replaces "the lowest published drop within ×1.5 of the ratio", which picked networks
/// pruned far less than OCNNA's and rows the data files themselves doubt.
public struct PublishedEstimate: Sendable {
  public var method: RecordedMethod
  public var rpr: Double
  public var drop: Double
  /// The reported points it was read from (one when a point lies at `rpr`).
  public var anchors: [RecordedPoint]

  /// How close (in RPR) a reported point must be to be read as "at" the ratio.
  static let sameRatio = 0.01

  /// The estimate for each published method on `points` that reported on both sides of
  /// `rpr` (or at it), lowest drop first.
  public static func all(at rpr: Double, from points: [RecordedPoint]) -> [PublishedEstimate] {
    let usable = points.filter { $0.plottable && $0.caution == nil }
    let byMethod = Dictionary(grouping: usable) { $0.method.method }
    return byMethod.values.compactMap { estimate(at: rpr, $0) }
      .sorted { ($0.drop, $0.method.method) < ($1.drop, $1.method.method) }
  }

  static func estimate(at rpr: Double, _ points: [RecordedPoint]) -> PublishedEstimate? {
    guard let method = points.first?.method else { return nil }
    // At the ratio: the best such point (a method may report several variants there).
    if let at = points.filter({ abs($0.rpr! - rpr) <= sameRatio }).min(by: { $0.drop! < $1.drop! })
    {
      return PublishedEstimate(method: method, rpr: rpr, drop: at.drop!, anchors: [at])
    }
    guard let below = points.filter({ $0.rpr! < rpr }).max(by: { $0.rpr! < $1.rpr! }),
      let above = points.filter({ $0.rpr! > rpr }).min(by: { $0.rpr! < $1.rpr! })
    else { return nil }
    let t = (log(rpr) - log(below.rpr!)) / (log(above.rpr!) - log(below.rpr!))
    return PublishedEstimate(
      method: method, rpr: rpr, drop: below.drop! + t * (above.drop! - below.drop!),
      anchors: [below, above])
  }

  /// `interpolated between RPR 0.60 (0.31) and 0.82 (0.05)` or `reported at RPR 0.70`.
  public var derivation: String {
    if anchors.count == 1 { return "reported at RPR \(SVG.value(anchors[0].rpr!, digits: 2))" }
    return
      "interpolated between RPR \(SVG.value(anchors[0].rpr!, digits: 2)) (drop \(SVG.value(anchors[0].drop!))) and \(SVG.value(anchors[1].rpr!, digits: 2)) (drop \(SVG.value(anchors[1].drop!)))"
  }
}
