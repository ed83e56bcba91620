import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// Trade-off curve summaries and the comparison of two result sets.
struct ComparisonTests {
  typealias Point = TradeOffCurve.Point

  func curve(_ points: [(Double, Double)]) -> TradeOffCurve {
    TradeOffCurve(points: points.map { Point(rpr: $0.0, drop: $0.1, spread: 0, seeds: 1) })
  }

  @Test func dropIsInterpolatedInLogRPRAndNeverExtrapolated() throws {
    let c = curve([(0.1, 10), (0.4, 2), (1.0, 0)])
    #expect(c.drop(atRPR: 0.4) == 2)
    // Halfway between 0.1 and 0.4 in log scale is 0.2.
    #expect(abs(c.drop(atRPR: 0.2)! - 6) < 1e-9)
    #expect(c.drop(atRPR: 0.05) == nil)
    #expect(c.drop(atRPR: 1.5) == nil)
  }

  @Test func meanDropIsTheAreaOverTheLogRange() throws {
    #expect(abs(curve([(0.1, 3), (0.5, 3)]).meanDrop(over: 0.1...0.5)! - 3) < 1e-12)
    // Linear in log RPR from 8 down to 0: the mean is 4.
    #expect(abs(curve([(0.1, 8), (1.0, 0)]).meanDrop(over: 0.1...1.0)! - 4) < 1e-12)
    #expect(curve([(0.2, 8), (1.0, 0)]).meanDrop(over: 0.1...1.0) == nil)
  }

  @Test func seedsAverageIntoOnePointWithTheirSpread() {
    let c = TradeOffCurve(samples: ["a": [(0.5, 1), (0.5, 3)], "b": [(0.25, 4)]])
    #expect(c.points.count == 2)
    #expect(c.points[1].drop == 2)
    #expect(c.points[1].spread == 1)
    #expect(c.points[1].seeds == 2)
  }
}

/// The tolerance of a change comes from the measured seed spread, or the threshold.
struct ChangeToleranceTests {
  @Test func theSeedSpreadSetsTheBarWhereBothSidesHaveSeeds() {
    // Drops 1, 2, 3 on each side: s² = 1, t(0.975, 4 df) = 2.7764.
    let (cell, cellBasis) = ChangeTolerance.ofOneSeed(
      before: [1, 2, 3], after: [1, 2, 3], threshold: 1)
    #expect(abs(cell - 2.7764451 * 2.0.squareRoot()) < 1e-5)
    #expect(cellBasis == .seedSpread(before: 3, after: 3))
    let (means, _) = ChangeTolerance.ofMeans(before: [1, 2, 3], after: [1, 2, 3], threshold: 1)
    #expect(abs(means - 2.7764451 * (2.0 / 3).squareRoot()) < 1e-5)
    // Tight seeds give a tolerance below the old fixed point: a 0.5-point change is news.
    let (tight, _) = ChangeTolerance.ofOneSeed(
      before: [10.0, 10.1, 10.05], after: [10.0, 10.1, 10.05], threshold: 1)
    #expect(tight < 0.5)
  }

  @Test func oneSeedOnASideFallsBackToTheThreshold() {
    let (value, basis) = ChangeTolerance.ofOneSeed(before: [1, 2], after: [4], threshold: 1.5)
    #expect(value == 1.5 && basis == .threshold)
  }
}

/// Running a tiny grid once and comparing it with an edited copy of itself.
@Suite(.serialized) struct ResultComparisonTests {
  static func results() throws -> [RunResult] {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url, methods: ["ocnna", "l1"]))
    let store = ResultStore(data: folder.url, grid: spec.name)
    let plan = GridPlan.make(spec, store: store, cache: folder.file("cache"))
    _ = try GridRunner(
      plan: plan, store: store, originals: OriginalStore(cacheRoot: folder.file("cache"))
    ).run(log: { _ in })
    return store.readAll().results
  }

  @Test func aWorseOCNNACurveIsFlaggedAndNothingElse() throws {
    let before = try Self.results()
    #expect(before.count == 4)
    let same = ResultComparison(before: before, after: before)
    #expect(!same.regressed)
    #expect(same.cells.count == 4 && same.cells.allSatisfy { !$0.flagged })
    let after = before.map { r -> RunResult in
      var r = r
      if r.cell.method == "ocnna" { r.metrics!.accuracyDrop += 5 }
      return r
    }
    let worse = ResultComparison(before: before, after: after, threshold: 1)
    #expect(worse.regressed)
    #expect(worse.cells.filter(\.worse).allSatisfy { $0.label.contains("ocnna") })
    #expect(worse.cells.filter(\.worse).count == 2)
    let flaggedCurves = worse.curves.filter(\.worse).map(\.curve)
    #expect(flaggedCurves.count == 1 && flaggedCurves[0].hasSuffix("ocnna"))
    let markdown = ComparisonReport(worse).render(markdown: true)
    #expect(markdown.contains("| WORSE |"))
    // Better numbers are flagged but are no regression.
    let better = ResultComparison(before: after, after: before, threshold: 1)
    #expect(!better.regressed)
    #expect(better.cells.filter(\.flagged).count == 2)
  }
}
