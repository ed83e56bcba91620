import Foundation
import Results

/// `ocnna compare A B`: what changed between two sets of results of the same grid.
///
/// Cells are matched by their label (architecture, width, data, method, policy value,
/// fine-tuning, seed), so results made by different code versions still pair up. A change
/// is flagged when it exceeds both the threshold and the seed spread of the two sides.
public struct ResultComparison: Sendable {
  public struct CellChange: Sendable {
    public var label: String
    public var dropBefore: Double?
    public var dropAfter: Double?
    public var rprBefore: Double?
    public var rprAfter: Double?
    public var statusBefore: RunResult.Status
    public var statusAfter: RunResult.Status
    public var tolerance: Double
    /// Whether `tolerance` came from the seed spread or the fixed threshold.
    public var toleranceBasis: ChangeTolerance.Basis
    public var worse: Bool
    public var flagged: Bool
  }

  public struct Summary: Sendable {
    /// `drop@0.5`, `drop@0.25`, `drop@0.1` or `mean drop 0.1–0.5`.
    public var name: String
    public var before: Double?
    public var after: Double?
    public var delta: Double? {
      guard let before, let after else { return nil }
      return after - before
    }
  }

  public struct CurveChange: Sendable {
    public var curve: String
    public var summaries: [Summary]
    public var tolerance: Double
    public var toleranceBasis: ChangeTolerance.Basis
    public var worse: Bool
    public var flagged: Bool
  }

  public var cells: [CellChange]
  public var curves: [CurveChange]
  /// Labels present on one side only.
  public var onlyBefore: [String]
  public var onlyAfter: [String]
  public var threshold: Double

  /// True when any cell or curve got worse by more than its tolerance.
  public var regressed: Bool { cells.contains(where: \.worse) || curves.contains(where: \.worse) }

  public init(before: [RunResult], after: [RunResult], threshold: Double = 1.0) {
    self.threshold = threshold
    let a = Dictionary(before.map { ($0.cell.comparisonKey, $0) }, uniquingKeysWith: { x, _ in x })
    let b = Dictionary(after.map { ($0.cell.comparisonKey, $0) }, uniquingKeysWith: { x, _ in x })
    let dropsA = Self.seedDrops(before)
    let dropsB = Self.seedDrops(after)
    cells = a.keys.filter { b[$0] != nil }.sorted().map { label in
      let x = a[label]!, y = b[label]!
      let (tolerance, basis) = ChangeTolerance.ofOneSeed(
        before: dropsA[x.cell.pointKey] ?? [], after: dropsB[y.cell.pointKey] ?? [],
        threshold: threshold)
      let dx = x.status == .done ? x.metrics?.accuracyDrop : nil
      let dy = y.status == .done ? y.metrics?.accuracyDrop : nil
      let brokeNow = x.status == .done && y.status == .failed
      let delta = dx.flatMap { dx in dy.map { $0 - dx } } ?? 0
      return CellChange(
        label: label, dropBefore: dx, dropAfter: dy, rprBefore: x.metrics?.rpr,
        rprAfter: y.metrics?.rpr, statusBefore: x.status, statusAfter: y.status,
        tolerance: tolerance, toleranceBasis: basis, worse: brokeNow || delta > tolerance,
        flagged: brokeNow || x.status != y.status || abs(delta) > tolerance)
    }
    onlyBefore = a.keys.filter { b[$0] == nil }.sorted()
    onlyAfter = b.keys.filter { a[$0] == nil }.sorted()
    let curvesA = Self.curves(before)
    let curvesB = Self.curves(after)
    let pointsA = Self.curvePoints(before)
    let pointsB = Self.curvePoints(after)
    curves = curvesA.keys.filter { curvesB[$0] != nil }.sorted().map { key in
      let x = curvesA[key]!, y = curvesB[key]!
      var summaries = TradeOffCurve.summaryRPRs.map { rpr in
        Summary(name: "drop@\(rpr)", before: x.drop(atRPR: rpr), after: y.drop(atRPR: rpr))
      }
      let range = 0.1...0.5
      summaries.append(
        Summary(
          name: "mean drop 0.1–0.5", before: x.meanDrop(over: range), after: y.meanDrop(over: range)
        )
      )
      // The curve's summaries interpolate its points: the loosest of the tolerances of
      // its operating points (the noisiest point bounds what a summary can resolve).
      let tolerances = Set(pointsA[key] ?? []).intersection(pointsB[key] ?? []).map { point in
        ChangeTolerance.ofMeans(
          before: dropsA[point] ?? [], after: dropsB[point] ?? [], threshold: threshold)
      }
      let (tolerance, basis) =
        tolerances.contains { $0.1 == .threshold } || tolerances.isEmpty
        ? (threshold, ChangeTolerance.Basis.threshold)
        : tolerances.max { $0.0 < $1.0 }!
      let deltas = summaries.compactMap(\.delta)
      return CurveChange(
        curve: key, summaries: summaries, tolerance: tolerance, toleranceBasis: basis,
        worse: deltas.contains { $0 > tolerance },
        flagged: deltas.contains { abs($0) > tolerance })
    }
  }

  /// Every seed's accuracy drop, per operating point.
  static func seedDrops(_ results: [RunResult]) -> [String: [Double]] {
    var groups: [String: [Double]] = [:]
    for r in results where r.status == .done {
      if let drop = r.metrics?.accuracyDrop { groups[r.cell.pointKey, default: []].append(drop) }
    }
    return groups
  }

  /// The operating points of each trade-off curve.
  static func curvePoints(_ results: [RunResult]) -> [String: [String]] {
    var points: [String: Set<String>] = [:]
    for r in results where r.status == .done && r.metrics != nil {
      points[r.cell.curveKey, default: []].insert(r.cell.pointKey)
    }
    return points.mapValues { Array($0) }
  }

  /// One trade-off curve per architecture, data and method.
  public static func curves(_ results: [RunResult]) -> [String: TradeOffCurve] {
    var samples: [String: [String: [(rpr: Double, drop: Double)]]] = [:]
    for r in results where r.status == .done {
      guard let m = r.metrics else { continue }
      samples[r.cell.curveKey, default: [:]][r.cell.pointKey, default: []].append(
        (m.rpr, m.accuracyDrop))
    }
    return samples.mapValues { TradeOffCurve(samples: $0) }
  }
}
