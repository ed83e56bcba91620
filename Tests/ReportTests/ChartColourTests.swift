import Report
import Results
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
}
