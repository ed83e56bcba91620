import Foundation
import Report
import Results
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The site rendered from fixture results: every page present and well-formed, data
/// escaped, byte-identical renders, snapshots, and invalid data refused.
@Suite(.serialized) struct SiteTests {
  func build(_ results: [RunResult], baselines: [String] = ["hrank", "fpgm", "l1-pfec"]) throws
    -> (TemporaryDirectory, SiteBuilder)
  {
    let folder = try TemporaryDirectory()
    try SiteFixtures.dataFolder(at: folder.file("Data"), results: results, baselines: baselines)
    let builder = SiteBuilder(
      data: folder.file("Data"), templates: SiteFixtures.templates, output: folder.file("Site"))
    return (folder, builder)
  }

  @Test func everyPageIsRenderedAndParses() throws {
    let results = try SiteFixtures.results()
    let (folder, builder) = try build(results)
    defer { folder.remove() }
    try builder.build()
    let site = folder.file("Site")
    let files = Set(
      FileManager.default.enumerator(atPath: site.path)!.compactMap { $0 as? String }.filter {
        $0.contains(".")
      })
    let expected =
      [
        "index.html", "methodology.html", "history.html", "methods.html", "feed.xml",
        "style.css", "overview.csv", "overview.md", "methods.csv",
        "pairs/resnet-20--synthetic.html", "pairs/resnet-20--synthetic-closed.html",
        "pairs/resnet-20--synthetic-by-drop.html", "pairs/vgg-16--cifar-10-closed-by-method.html",
        "charts/vgg-16--cifar-10-rpr.svg", "charts/vgg-16--cifar-10-closed-macs.svg",
        "tables/vgg-16--cifar-10-measured.csv", "tables/vgg-16--cifar-10-recorded.md",
        "badges/vgg-16--cifar-10.svg", "methods/hrank.html", "methods/measured-ocnna.html",
      ] + results.map { "runs/\($0.id).html" }
    for path in expected { #expect(files.contains(path), "\(path) is missing") }
    // Every page and SVG is well-formed XML (the pages are written as polyglot XHTML).
    var parsed = 0
    for path in files.sorted()
    where path.hasSuffix(".html") || path.hasSuffix(".svg") || path.hasSuffix(".xml") {
      let data = try Data(contentsOf: site.appendingPathComponent(path))
      do {
        _ = try XMLDocument(data: data, options: [])
        parsed += 1
      } catch {
        Issue.record("\(path) does not parse: \(error)")
      }
    }
    #expect(parsed > 100)
    // Charts are accessible: a title and a description, and a tooltip on every point.
    let chart = try XMLDocument(
      contentsOf: site.appendingPathComponent("charts/resnet-20--synthetic-rpr.svg"), options: [])
    #expect(try chart.nodes(forXPath: "/*[local-name()='svg']/*[local-name()='title']").count == 1)
    #expect(try chart.nodes(forXPath: "/*[local-name()='svg']/*[local-name()='desc']").count == 1)
    let circles = try chart.nodes(
      forXPath: "//*[local-name()='g'][@data-series]//*[local-name()='circle'][not(@class='flag')]")
    #expect(circles.count > 10)
    for circle in circles {
      #expect((circle as? XMLElement)?.elements(forName: "title").count == 1)
    }
    // The failed cell is listed and the regression is in the feed and on the history page.
    let history = try String(
      contentsOf: site.appendingPathComponent("history.html"), encoding: .utf8)
    #expect(history.contains("regression"))
    let feed = try String(contentsOf: site.appendingPathComponent("feed.xml"), encoding: .utf8)
    #expect(feed.contains("<entry>"))
    let pair = try String(
      contentsOf: site.appendingPathComponent("pairs/resnet-20--synthetic.html"), encoding: .utf8)
    #expect(pair.contains("training diverged"))
    #expect(!pair.contains("<script"), "no JavaScript")
  }

  /// Claims come from the data: every run page (every seed) is one click from a pair page,
  /// the methodology page lists as measured only the baselines the results hold, and the
  /// measured and published pages of one method link each other.
  @Test func everyRunIsReachableAndEveryClaimComesFromTheResults() throws {
    let results = try SiteFixtures.results()
    let (folder, builder) = try build(results)
    defer { folder.remove() }
    // The project's own files of two methods, which record their published budgets.
    for name in ["fpgm.json", "hrank.json"] {
      let target = folder.file("Data/baselines/\(name)")
      try FileManager.default.removeItem(at: target)
      try FileManager.default.copyItem(
        at: SharedData.projectRoot.appendingPathComponent("Data/baselines/\(name)"), to: target)
    }
    try builder.build()
    let site = folder.file("Site")
    var linked: Set<String> = []
    for case let path as String in FileManager.default.enumerator(atPath: site.path)!
    where path.hasSuffix(".html") {
      let page = site.appendingPathComponent(path)
      let text = try String(contentsOf: page, encoding: .utf8)
      for match in text.matches(of: #/href="([^"#?]+)/#) {
        let target = URL(
          fileURLWithPath: String(match.1), relativeTo: page.deletingLastPathComponent())
        linked.insert(target.standardizedFileURL.path)
      }
    }
    for result in results {
      let page = site.appendingPathComponent("runs/\(result.id).html").standardizedFileURL.path
      #expect(
        linked.contains(page), "runs/\(result.id).html (seed \(result.cell.seed)) is unreachable")
    }
    let methodology = try String(
      contentsOf: site.appendingPathComponent("methodology.html"), encoding: .utf8)
    let measuredPart = try #require(methodology.components(separatedBy: "Implemented in").first)
    #expect(measuredPart.contains("<b>FPGM</b> — 12 results on 2 pair(s)"))
    #expect(!measuredPart.contains("Network Slimming"), "Slimming was not measured")
    #expect(methodology.contains("<b>Network Slimming</b>"), "listed as not measured")
    // The budgets and originals it states come from the results and the recorded methods'
    // files: every measured budget in image passes and SGD steps, the published ones beside.
    let budgets = try #require(
      methodology.components(separatedBy: "<h2>Fine-tuning budgets</h2>").last)
    for result in results where result.status == .done {
      #expect(budgets.contains(FineTuningBudget(result).description), "\(result.id)")
    }
    #expect(
      budgets.contains(
        "200 epochs × 50,000 images = 10,000,000 image passes = 78,200 SGD steps (batch 128)"))
    #expect(
      budgets.contains(
        "30 epochs × 50,000 images = 1,500,000 image passes = 11,730 SGD steps (batch 128) per pruned layer"
      ))
    #expect(budgets.contains("<h2>Original networks</h2>"))
    let measuredFPGM = try String(
      contentsOf: site.appendingPathComponent("methods/measured-fpgm.html"), encoding: .utf8)
    #expect(measuredFPGM.contains("<a href=\"fpgm.html\">FPGM</a>"))
    let publishedFPGM = try String(
      contentsOf: site.appendingPathComponent("methods/fpgm.html"), encoding: .utf8)
    #expect(publishedFPGM.contains("<a href=\"measured-fpgm.html\">FPGM (measured)</a>"))
  }

  @Test func twoRendersGiveIdenticalBytes() throws {
    let (folder, builder) = try build(try SiteFixtures.results())
    defer { folder.remove() }
    try builder.build()
    let first = try snapshot(folder.file("Site"))
    try builder.build()
    #expect(try snapshot(folder.file("Site")) == first)
    #expect(first.count > 100)
  }

  func snapshot(_ site: URL) throws -> [String: Data] { try SiteFixtures.files(in: site) }

  @Test func markupInDataRendersAsText() throws {
    let (folder, builder) = try build(try SiteFixtures.results(limit: 6))
    defer { folder.remove() }
    let url = folder.file("Data/baselines/evil.json")
    let evil: [String: Any] = [
      "schemaVersion": 1, "method": "<script>alert(1)</script>",
      "citation": "\"><svg onload=alert(2)>", "year": 2024, "venue": "<img src=x onerror=alert(3)>",
      "entries": [
        [
          "architecture": "ResNet-20", "dataset": "synthetic",
          "variant": "\"><svg onload=alert(4)>",
          "baselineTop1": 90.0, "prunedTop1": 89.0, "accuracyDrop": 1.0,
          "parametersReductionPct": 50.0, "source": "javascript:alert(5) <script>x</script>",
          "sourceKind": "<b>bold</b>", "notes": "</td><script>alert(6)</script>",
        ]
      ],
    ]
    try JSONSerialization.data(withJSONObject: evil).write(to: url)
    try builder.build()
    // CSV files carry the data as it is (they are not markup); every other file escapes it.
    for (path, data) in try snapshot(folder.file("Site")) where !path.hasSuffix(".csv") {
      let text = String(decoding: data, as: UTF8.self)
      #expect(!text.contains("<script"), "\(path) contains raw <script")
      #expect(!text.contains("<svg onload"), "\(path) contains raw <svg onload")
      #expect(!text.contains("<img src=x"), "\(path) contains raw <img")
      #expect(!text.contains("href=\"javascript:"), "\(path) links to javascript:")
    }
    let page = try String(
      contentsOf: folder.file("Site/pairs/resnet-20--synthetic.html"), encoding: .utf8)
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
  }

  @Test func invalidDataIsRefusedAndTheSiteIsUntouched() throws {
    let (folder, builder) = try build(try SiteFixtures.results(limit: 6))
    defer { folder.remove() }
    try builder.build()
    let before = try snapshot(folder.file("Site"))
    let url = folder.file("Data/baselines/impossible.json")
    try Data(
      """
      {"schemaVersion": 1, "method": "Impossible", "citation": "x", "year": 2024, "venue": "v",
       "entries": [{"architecture": "ResNet-20", "dataset": "synthetic", "variant": "v",
         "parametersReductionPct": -70, "source": "s", "sourceKind": "k", "surprise": 1}]}
      """.utf8
    ).write(to: url)
    #expect {
      try builder.build()
    } throws: { error in
      let text = "\(error)"
      return text.contains("impossible.json")
        && text.contains("$.entries[0].parametersReductionPct")
        && text.contains("$.entries[0].surprise") && text.contains("untouched")
    }
    #expect(try snapshot(folder.file("Site")) == before)
    // A damaged result is refused the same way.
    try FileManager.default.removeItem(at: url)
    try Data("{\"schemaVersion\": 7}".utf8).write(
      to: folder.file("Data/results/fixture/ffffffffffffffff.json"))
    #expect(throws: (any Error).self) { try builder.build() }
    #expect(try snapshot(folder.file("Site")) == before)
  }

  /// Representative pages compared with `Snapshots/`; `OCNNA_RECORD_SNAPSHOTS=1` records
  /// them (and fails, so that a recording run is never mistaken for a passing one).
  @Test(arguments: ["index.html", "pairs/vgg-16--cifar-10.html", "methods/measured-ocnna.html"])
  func pagesMatchTheirSnapshots(page: String) throws {
    let (folder, builder) = try build(try SiteFixtures.results())
    defer { folder.remove() }
    let files = try builder.render()
    let rendered = try #require(files[page])
    let snapshot = SiteFixtures.folder.deletingLastPathComponent().appendingPathComponent(
      "Snapshots/" + page.replacingOccurrences(of: "/", with: "_"))
    if ProcessInfo.processInfo.environment["OCNNA_RECORD_SNAPSHOTS"] == "1" {
      try Data(rendered.utf8).write(to: snapshot)
      Issue.record(
        "recorded \(snapshot.lastPathComponent); run again without OCNNA_RECORD_SNAPSHOTS")
      return
    }
    let expected = try String(contentsOf: snapshot, encoding: .utf8)
    #expect(
      rendered == expected,
      "\(page) differs from its snapshot; rerun with OCNNA_RECORD_SNAPSHOTS=1 if the change is intended"
    )
  }
}

/// The README's headline table comes from the results.
struct ReadmeHeadlineTests {
  @Test func theBlockIsRewrittenFromTheResults() throws {
    let model = ReportModel(results: try SiteFixtures.results(), methods: [])
    let readme = "intro\n<!-- headline:begin -->\nold text\n<!-- headline:end -->\nrest\n"
    let updated = try ReadmeHeadline.update(readme, model: model)
    #expect(!updated.contains("old text"))
    #expect(updated.hasPrefix("intro\n<!-- headline:begin -->\n| pair |"))
    #expect(updated.hasSuffix("<!-- headline:end -->\nrest\n"))
    #expect(updated.contains("| VGG-16 on CIFAR-10 |"))
    // The fixture's cells are protocol 1's, and the table says so.
    #expect(updated.contains("300/class · protocol 1; fine-tuned accuracy"))
    // ± is the 95 % interval: t(1) = 12.71 times the seeds' spread 0.15, with the Wilson
    // half-width of the accuracy on 5,000 test images.
    #expect(updated.contains("OCNNA 5.15 ± 2.35 (2 seeds); Random 5.65 ± 2.35 (2 seeds)"))
    // The fixture's seeds move every method alike, so the paired differences do not vary
    // and only the test-sample noise of the two points remains.
    #expect(updated.contains("level with Random (-0.50 ± 1.93); level with L1-norm (-1.00 ± 1.93)"))
    #expect(try ReadmeHeadline.update(updated, model: model) == updated, "idempotent")
    #expect(throws: SpecError.self) { try ReadmeHeadline.update("no markers", model: model) }
  }
}
