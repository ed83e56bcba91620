import Foundation
import Report
import Results
import TestSupport
import Testing

/// Every criterion has its own colour, and charts draw it whatever else is on the chart.
struct ChartColourTests {
  @Test func everyCriterionHasItsOwnSlotBesideTheSpare() {
    let slots = CriterionName.all.map(\.chartSlot)
    #expect(Set(slots).count == slots.count)
    #expect(slots.allSatisfy { (0..<SVG.slotCount).contains($0) && $0 != SVG.spareSlot })
  }

  @Test func aBarKeepsItsMethodsColourWhateverItsPosition() {
    func chart(_ methods: [CriterionName]) -> String {
      BarChart(
        title: "t", description: "d", groups: ["conv1"],
        series: methods.map { ($0.displayName, $0.chartSlot, [4]) }, totals: [8]
      ).svg(id: "c")
    }
    let fpgm = "bar \(SVG.slotClass(CriterionName.fpgm.chartSlot))"
    let alone = chart([.fpgm])
    let second = chart([.hrank, .fpgm])
    #expect(alone.contains("class=\"\(fpgm)\""))
    #expect(second.contains("class=\"\(fpgm)\""))
    #expect(second.contains("class=\"bar \(SVG.slotClass(CriterionName.hrank.chartSlot))\""))
  }

  /// OCNNA's readings share OCNNA's colour on a pair's chart (they took the spare slot, all
  /// the same) and differ in marker shape.
  @Test func ocnnaReadingsShareItsColourAndDifferInShape() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try SiteFixtures.dataFolder(
      at: folder.file("Data"), results: try SensitivityStudyTests.results(), baselines: [])
    let files = try SiteBuilder(
      data: folder.file("Data"), templates: SiteFixtures.templates, output: folder.file("Site")
    ).render()
    let chart = try #require(
      files["charts/resnet-20--synthetic-rpr.svg"],
      "\(files.keys.filter { $0.hasPrefix("charts/") }.sorted())")
    let ocnna = SVG.slotClass(CriterionName.ocnna.chartSlot)
    // Points and legend: post, raw, images and post at another budget (the fixture's lone
    // point) in OCNNA's slot, none in the spare one.
    let groups = chart.components(separatedBy: "<g class=\"series \(ocnna)\"").count - 1
    #expect(groups == 8, "\(chart)")
    #expect(!chart.contains("series \(SVG.slotClass(SVG.spareSlot))\""))
    #expect(chart.contains("<path class=\"pt\""), "raw and images are not circles")
    // The commands of each path, numbers dropped: a diamond (raw) and a triangle (images).
    let shapes = Set(
      chart.components(separatedBy: "<path class=\"pt").dropFirst().map { element in
        let d = element.components(separatedBy: " d=\"")[1].prefix { $0 != "\"" }
        return String(d.filter(\.isLetter))
      })
    #expect(shapes == ["MLLLZ", "MLLZ"])
  }
}
