import Foundation
import Report
import Results
import TestSupport
import Testing

/// The budget study: which points form one, the order of its budgets, ranks and OCNNA's
/// verdicts that follow the numbers, on made-up results; and the page that shows it.
struct BudgetStudyTests {
  /// One original, ratio 0.3, three seeds, OCNNA, L1 and random fine-tuned for 3 and for 1
  /// epoch(s). Fine-tuned drops: OCNNA 10 + seed after 1 epoch and 4 + seed after 3; L1 8 +
  /// seed and 4 + seed + 0.1·(−1)^seed; random 12 + seed and 6 + seed. Zero-shot drops 50 +
  /// seed (OCNNA), 40 + seed (L1), 60 + seed (random). Also OCNNA alone at ratio 0.5 with
  /// one budget: no study (nothing fine-tuned beside it).
  static func results() throws -> [RunResult] {
    let base = try SiteFixtures.template()
    var results: [RunResult] = []
    var n = 0
    let drops: [String: (zeroShot: Double, one: Double, three: Double)] = [
      "ocnna": (50, 10, 4), "l1": (40, 8, 4), "random": (60, 12, 6),
    ]
    for method in ["ocnna", "l1", "random"] {
      for epochs in [3, 1] {
        for seed in [0, 1, 2] as [UInt64] {
          var result = base
          n += 1
          result.id = SiteFixtures.id(n)
          result.cell.method = method
          result.cell.activation = .postActivation
          result.cell.policy = .ratio(r: 0.3, minChannels: 1)
          result.cell.seed = seed
          result.cell.fineTuning.recipe.epochs = epochs
          result.original?.key = "original-vgg"
          let d = drops[method]!
          let original = result.metrics!.originalTop1
          result.metrics!.prunedTop1ZeroShot = original - (d.zeroShot + Double(seed)) / 100
          var tuned = (epochs == 1 ? d.one : d.three) + Double(seed)
          if method == "l1" && epochs == 3 { tuned += seed % 2 == 0 ? 0.1 : -0.1 }
          result.metrics!.accuracyDrop = tuned
          result.metrics!.rpr = 0.5
          results.append(result)
        }
      }
    }
    var lone = results[0]
    lone.id = SiteFixtures.id(999)
    lone.cell.policy = .ratio(r: 0.5, minChannels: 1)
    results.append(lone)
    return results
  }

  @Test func budgetsOfOneNetworkAndPointFormOneStudy() throws {
    let model = ReportModel(results: try Self.results(), methods: [])
    let studies = BudgetStudy.all(model)
    #expect(studies.count == 1)
    let study = try #require(studies.first)
    #expect(study.policy == "ratio r=0.3")
    #expect(study.columns.map(\.tier) == [.zeroShot, .fineTuned, .fineTuned])
    #expect(study.columns[1].imagePasses < study.columns[2].imagePasses)
    #expect(study.columns[0].label == "no fine-tuning")
    #expect(study.rows.map(\.method) == ["ocnna", "random", "l1"])
    #expect(study.seeds == 3)
    let drop = { (method: String, column: Int) in
      study.rows.first { $0.method == method }!.values[column]!
    }
    // No fine-tuning, from the fine-tuned results' zero-shot accuracy: L1 < OCNNA < random.
    #expect(abs(drop("ocnna", 0).drop - 51) < 1e-6)
    let ranks: [Int] = ["l1", "ocnna", "random"].map { drop($0, 0).rank }
    #expect(ranks == [1, 2, 3])
    #expect(drop("l1", 0).versusOCNNA?.verdict == .worse)
    #expect(drop("random", 0).versusOCNNA?.verdict == .better)
    #expect(drop("ocnna", 0).versusOCNNA == nil)
    // One epoch: OCNNA 2 points behind L1 on every seed.
    #expect(drop("l1", 1).versusOCNNA?.verdict == .worse)
    #expect(abs(drop("l1", 1).versusOCNNA!.difference - 2) < 1e-6)
    #expect(drop("l1", 1).versusOCNNA?.test.hasPrefix("paired t (2 df), Holm over 2") == true)
    // Three epochs: level with L1 (±0.1 around the same drop), ahead of random.
    #expect(drop("l1", 2).versusOCNNA?.verdict == .unclear)
    #expect(drop("random", 2).versusOCNNA?.verdict == .better)
    // The order kept after one epoch; after three, OCNNA and L1 swap (τ_b = (2 − 1) / 3).
    #expect(study.rankAgreement(column: 0) == nil)
    #expect(study.rankAgreement(column: 1)?.tau == 1)
    #expect(abs(study.rankAgreement(column: 2)!.tau - 1.0 / 3) < 1e-12)
    #expect(study.rankAgreement(column: 2)?.methods.count == 3)
  }

  /// One budget is enough: zero-shot beside fine-tuned (after three epochs OCNNA and L1
  /// swap), as at every tier-2 point.
  @Test func oneBudgetGivesTheZeroShotAndFineTunedRankings() throws {
    let threeEpochs = try Self.results().filter { $0.cell.fineTuning.recipe.epochs == 3 }
    let studies = BudgetStudy.all(ReportModel(results: threeEpochs, methods: []))
    #expect(studies.count == 1)
    let study = try #require(studies.first)
    #expect(study.columns.map(\.tier) == [.zeroShot, .fineTuned])
    #expect(abs(study.rankAgreement(column: 1)!.tau - 1.0 / 3) < 1e-12)
    // OCNNA alone fine-tuned: nothing to rank it against.
    let alone = threeEpochs.filter { $0.cell.method == "ocnna" }
    #expect(BudgetStudy.all(ReportModel(results: alone, methods: [])).isEmpty)
  }

  /// No fine-tuning reads each criterion's own no-fine-tuning results where it has them
  /// (OCNNA and L1 here, 30 + seed and 35 + seed), else its fine-tuned results before their
  /// first step (random, 60 + seed).
  @Test func noFineTuningReadsEachCriterionFromItsOwnResults() throws {
    var results = try Self.results()
    for (index, method) in ["ocnna", "l1"].enumerated() {
      for seed in [0, 1, 2] as [UInt64] {
        var result = results[0]
        result.id = SiteFixtures.id(500 + 10 * index + Int(seed))
        result.cell.method = method
        result.cell.seed = seed
        result.cell.fineTuning.recipe.epochs = 0
        let drop = (method == "ocnna" ? 30 : 35) + Double(seed)
        result.metrics!.prunedTop1ZeroShot = result.metrics!.originalTop1 - drop / 100
        result.metrics!.accuracyDrop = drop
        results.append(result)
      }
    }
    let study = try #require(BudgetStudy.all(ReportModel(results: results, methods: [])).first)
    let zeroShot = { (method: String) in
      study.rows.first { $0.method == method }!.values[0]!.drop
    }
    #expect(abs(zeroShot("ocnna") - 31) < 1e-6)
    #expect(abs(zeroShot("l1") - 36) < 1e-6)
    #expect(abs(zeroShot("random") - 61) < 1e-6)
    #expect(study.rows.first { $0.method == "random" }!.values[0]!.versusOCNNA?.verdict == .better)
  }

  @Test func thePageShowsEveryBudgetWithItsRanking() throws {
    let page = try Self.page(try Self.results())
    #expect(page.contains("no fine-tuning"))
    #expect(page.contains("SGD steps"))
    #expect(page.contains("L1-norm &lt; OCNNA &lt; Random"))
    #expect(
      page.contains(
        "OCNNA &lt; L1-norm &lt; Random (no fine-tuning, the same 3: L1-norm &lt; OCNNA &lt; Random; Kendall τ_b = 0.33)"
      ))
    #expect(page.contains("OCNNA worse"))
    #expect(page.contains("<svg"))
    #expect(try Self.page(SiteFixtures.results(limit: 4)).contains("No original network has OCNNA"))
  }

  static func page(_ results: [RunResult]) throws -> String {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try SiteFixtures.dataFolder(at: folder.file("Data"), results: results, baselines: [])
    let files = try SiteBuilder(
      data: folder.file("Data"), templates: SiteFixtures.templates, output: folder.file("Site")
    ).render()
    return try #require(files["budgets.html"])
  }
}
