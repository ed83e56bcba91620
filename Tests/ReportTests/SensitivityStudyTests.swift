import Foundation
import Report
import Results
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The sensitivity study: which points form one, in what order, and verdicts against the
/// paper's reading that follow the numbers, on made-up results (rendering only).
struct SensitivityStudyTests {
  /// ResNet-20: OCNNA (post), OCNNA raw, OCNNA images, random and FPGM at ratios 0.3 and
  /// 0.5, three seeds. Zero-shot drops: post 30 + seed, raw 20 + seed (clearly better),
  /// images 30 + 0.5·(−1)^seed + seed (level); fine-tuned drops a tenth of them.
  static func results() throws -> [RunResult] {
    let base = try SiteFixtures.template()
    var results: [RunResult] = []
    var n = 0
    let methods: [(String, ActivationSite, OCNNAReading?, Double)] = [
      ("ocnna", .postActivation, nil, 30), ("ocnna", .raw, nil, 20),
      ("ocnna", .postActivation, OCNNAReading(pcaInput: .images), 30),
      ("random", .postActivation, nil, 35), ("fpgm", .postActivation, nil, 25),
    ]
    for (method, site, reading, drop) in methods {
      for r in [0.3, 0.5] {
        for seed in [0, 1, 2] as [UInt64] {
          var result = base
          n += 1
          result.id = SiteFixtures.id(n)
          result.cell.method = method
          result.cell.activation = site
          result.cell.ocnnaReading = reading
          result.cell.policy = .ratio(r: r, minChannels: 1)
          result.cell.seed = seed
          result.original?.key = "original-resnet20"
          var zeroShot = drop + Double(seed) + 10 * r
          if reading != nil { zeroShot += seed % 2 == 0 ? 0.5 : -0.5 }
          let original = result.metrics!.originalTop1
          result.metrics!.prunedTop1ZeroShot = original - zeroShot / 100
          result.metrics!.accuracyDrop = zeroShot / 10
          result.metrics!.rpr = 1 - r
          results.append(result)
        }
      }
    }
    // OCNNA alone at another budget: one reading, no study.
    var lone = results[0]
    lone.id = SiteFixtures.id(999)
    lone.cell.fineTuning.recipe.epochs = 7
    results.append(lone)
    return results
  }

  @Test func readingsOfOneNetworkAndBudgetFormOneStudy() throws {
    let model = ReportModel(results: try Self.results(), methods: [])
    let studies = SensitivityStudy.all(model)
    #expect(studies.count == 1)
    let study = try #require(studies.first)
    #expect(study.rows.map(\.method) == ["ocnna", "ocnna/raw", "ocnna/images", "random"])
    #expect(study.rows.map(\.isReference) == [false, false, false, true])
    #expect(study.columns.map(\.tier) == [.zeroShot, .zeroShot, .fineTuned, .fineTuned])
    #expect(study.columns.map(\.ratio) == [0.3, 0.5, 0.3, 0.5])
    #expect(study.seeds == 3)
    let post = try #require(study.rows[0].values[1])
    #expect(post.seedDrops.map { ($0 * 1e6).rounded() / 1e6 } == [35, 36, 37])
    #expect(post.versusPaper == nil)
    let raw = try #require(study.rows[1].values[1]?.versusPaper)
    #expect(raw.verdict == .worse, "post lost more than raw: \(raw)")
    #expect(abs(raw.difference - 10) < 1e-6)
    #expect(raw.test.hasPrefix("paired t (2 df), Holm over 2"))
    let images = try #require(study.rows[2].values[1]?.versusPaper)
    #expect(images.verdict == .unclear)
    #expect(study.rows[3].values[1]?.versusPaper == nil)
    // Every reading against the reference (Random: 40, 41, 42 at r = 0.5), references not.
    let rawVersusRandom = try #require(study.rows[1].values[1]?.versusReferences.first)
    #expect(rawVersusRandom.baseline == "random")
    #expect(rawVersusRandom.verdict == .better, "raw lost 15 points less: \(rawVersusRandom)")
    #expect(abs(rawVersusRandom.difference + 15) < 1e-6)
    #expect(study.rows[0].values[1]?.versusReferences.first?.verdict == .better)
    #expect(study.rows[3].values[1]?.versusReferences.isEmpty == true)
  }

  @Test func thePageShowsEveryReadingAndTheVerdicts() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try SiteFixtures.dataFolder(at: folder.file("Data"), results: try Self.results(), baselines: [])
    let files = try SiteBuilder(
      data: folder.file("Data"), templates: SiteFixtures.templates, output: folder.file("Site")
    ).render()
    let page = try #require(files["sensitivity.html"])
    #expect(page.contains("one PCA per filter over the images"))
    #expect(page.contains("▲ better than post"))
    #expect(page.contains("= level with post"))
    #expect(page.contains("36.00 ± "))  // post at r = 0.5: seeds 35, 36, 37
    #expect(page.contains("▲ better than Random"))
    // Tooltips say which way: raw at r = 0.5 lost 15 points less than Random, 10 less than post.
    let tooltips = page.components(separatedBy: "title=\"").map { $0.prefix { $0 != "\"" } }
    #expect(tooltips.contains { $0.hasPrefix("15.00 ± ") && $0.contains("less drop than Random") })
    #expect(tooltips.contains { $0.hasPrefix("10.00 ± ") && $0.contains("less drop than post") })
    #expect(!tooltips.contains { $0.hasPrefix("-") })
    #expect(!page.contains("<span class=\"verdict \" title=\"\"></span>"), "no empty verdicts")
    #expect(!page.contains("class=\"pareto\""))
    _ = try XMLDocument(data: Data(page.utf8), options: [])  // well-formed XHTML
  }
}
