import Foundation
import Report
import Results
import Testing

/// The report's statistics against values SciPy and statsmodels computed independently
/// (`Scripts/statistics_fixtures.py` → `Fixtures/statistics-scipy.json`).
struct StatisticsTests {
  struct Fixture: Decodable {
    struct Paired: Decodable {
      var differences: [Double]
      var t: Double
      var pValue: Double
      var halfWidth95: Double
    }
    struct Quantile: Decodable {
      var df: Int
      var q975: Double
    }
    struct McNemar: Decodable {
      var onlyFirst: Int
      var onlySecond: Int
      var pValue: Double
    }
    struct Holm: Decodable {
      var pValues: [Double]
      var adjusted: [Double]
    }
    struct Kendall: Decodable {
      var x: [Double]
      var y: [Double]
      var tauB: Double
    }
    var pairedT: [Paired]
    var tQuantiles: [Quantile]
    var mcnemarExact: [McNemar]
    var holm: [Holm]
    var kendallTauB: [Kendall]
  }

  static let fixture: Fixture = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/statistics-scipy.json")
    return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
  }()

  func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(1, abs(b))
  }

  @Test func pairedTTestMatchesSciPy() throws {
    #expect(Self.fixture.pairedT.count >= 5)
    for case_ in Self.fixture.pairedT {
      let test = try #require(PairedTTest(differences: case_.differences))
      #expect(test.degreesOfFreedom == case_.differences.count - 1)
      #expect(close(test.t, case_.t), "t for \(case_.differences)")
      #expect(close(test.pValue, case_.pValue, relative: 1e-8), "p for \(case_.differences)")
      #expect(close(test.halfWidth95, case_.halfWidth95, relative: 1e-8))
    }
  }

  @Test func kendallTauBMatchesSciPy() throws {
    #expect(Self.fixture.kendallTauB.count >= 5)
    for case_ in Self.fixture.kendallTauB {
      let tau = try #require(KendallTau.tauB(case_.x, case_.y))
      #expect(close(tau, case_.tauB), "τ_b for \(case_.x) against \(case_.y)")
    }
    // Undefined where SciPy gives NaN: one item, or one side all ties.
    #expect(KendallTau.tauB([1], [2]) == nil)
    #expect(KendallTau.tauB([1, 1, 1], [1, 2, 3]) == nil)
  }

  @Test func twoSeedsGiveNoTest() {
    #expect(PairedTTest(differences: [4.2, 5.2]) == nil)
    #expect(PairedTTest(differences: [4.2]) == nil)
  }

  @Test func tQuantilesMatchSciPy() {
    for q in Self.fixture.tQuantiles {
      #expect(
        close(StudentT.quantile(0.975, degreesOfFreedom: Double(q.df)), q.q975, relative: 1e-9))
      #expect(close(StudentT.quantile975(degreesOfFreedom: q.df), q.q975, relative: 1e-9))
    }
  }

  @Test func mcNemarExactMatchesStatsmodels() {
    for case_ in Self.fixture.mcnemarExact {
      let test = McNemarTest(onlyFirst: case_.onlyFirst, onlySecond: case_.onlySecond)
      #expect(
        close(test.pValue, case_.pValue, relative: 1e-9), "\(case_.onlyFirst), \(case_.onlySecond)")
    }
    let fromBits = McNemarTest(
      first: [true, true, false, true, false], second: [true, false, false, false, true])
    #expect(fromBits?.onlyFirst == 2 && fromBits?.onlySecond == 1)
  }

  @Test func holmMatchesStatsmodels() {
    for family in Self.fixture.holm {
      let adjusted = HolmCorrection.adjusted(family.pValues)
      for (a, b) in zip(adjusted, family.adjusted) { #expect(close(a, b)) }
    }
  }
}
