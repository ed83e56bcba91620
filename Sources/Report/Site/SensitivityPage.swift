import Foundation
import Results

/// `sensitivity.html`: every `SensitivityStudy` as a table per tier (a reading's drop with
/// its 95 % interval, per-seed drops and its paired verdict against the paper's reading)
/// and a chart of drop against the fraction removed.
struct SensitivityPage {
  var model: ReportModel

  struct Context {
    var frame: PageFrame
    var hasStudies: Bool
    var studies: [Study]
    var readings: [NamedValue]
  }

  struct Study {
    var title: String
    var pairLink: String
    var scale: String
    var budget: String
    var seeds: Int
    var tables: [Table]
  }

  struct Table {
    var tier: String
    var meaning: String
    var headers: [String]
    var rows: [Row]
    var chart: String
  }

  struct Row {
    var name: String
    var meaning: String
    var rowClass: String
    var cells: [Cell]
  }

  struct Cell {
    var present: Bool
    var text: String
    var seeds: String
    /// The verdict against post; nil for post itself and the references (an empty
    /// string would still open the template's section).
    var mark: String?
    var markClass: String
    var test: String
    var link: String
    /// The reading against each reference criterion.
    var references: [Verdict] = []
  }

  /// A paired verdict as the cell shows it, with its test in the tooltip.
  struct Verdict {
    var mark: String
    var markClass: String
    var test: String
  }

  func context(frame: PageFrame) -> Context {
    let studies = SensitivityStudy.all(model)
    return Context(
      frame: frame, hasStudies: !studies.isEmpty,
      studies: studies.enumerated().map { index, study in
        Study(
          title: study.pair.title, pairLink: "pairs/\(study.pair.slug).html", scale: study.scale,
          budget: study.budget, seeds: study.seeds,
          tables: study.tiers.map { tier in Self.table(study, tier: tier, id: "s\(index)") })
      },
      readings: OCNNAVariant.all.map {
        NamedValue(name: $0.methodLabel, value: $0.meaning)
      })
  }

  static func table(_ study: SensitivityStudy, tier: Tier, id: String) -> Table {
    let columns = study.columns.indices.filter { study.columns[$0].tier == tier }
    return Table(
      tier: tier.rawValue, meaning: tier.meaning,
      headers: columns.map {
        let c = study.columns[$0]
        return "r = \(SVG.number(c.ratio)) (RPR \(SVG.value(c.rpr, digits: 2)))"
      },
      rows: study.rows.map { row in
        Row(
          name: MethodNames.name(row.method), meaning: row.meaning,
          rowClass: row.isReference ? "reference" : "",
          cells: columns.map { index in cell(index < row.values.count ? row.values[index] : nil) })
      },
      chart: chart(study, tier: tier, columns: columns).svg(id: "\(id)-\(tier.rawValue)"))
  }

  static func cell(_ value: SensitivityStudy.Value?) -> Cell {
    guard let value else {
      return Cell(
        present: false, text: "", seeds: "", mark: nil, markClass: "", test: "", link: "")
    }
    var mark: String?
    var markClass = "", test = ""
    if let entry = value.versusPaper {
      // The entry compares the paper's reading with this one: "OCNNA better" means the
      // paper's reading lost less, so this reading did worse.
      switch entry.verdict {
      case .better: (mark, markClass) = ("▼ worse than post", "worse")
      case .worse: (mark, markClass) = ("▲ better than post", "better")
      case .unclear: (mark, markClass) = ("= level with post", "level")
      }
      // The paper's drop minus this reading's: what this reading saved.
      test = "\(lessDrop(entry.difference, entry.uncertainty, than: "post")); \(entry.test)"
    }
    return Cell(
      present: true, text: "\(SVG.value(value.drop)) ± \(SVG.value(value.interval))",
      seeds: value.seedDrops.map { SVG.value($0) }.joined(separator: ", "), mark: mark,
      markClass: markClass, test: test, link: value.runLink,
      references: value.versusReferences.map(verdict))
  }

  /// A reading against a reference: the entry's difference is the reading's drop minus
  /// the reference's, so "better" is the reading's.
  static func verdict(_ entry: MatchedComparison.Entry) -> Verdict {
    let name = MethodNames.name(entry.baseline)
    let (mark, markClass) =
      switch entry.verdict {
      case .better: ("▲ better than \(name)", "better")
      case .worse: ("▼ worse than \(name)", "worse")
      case .unclear: ("= level with \(name)", "level")
      }
    return Verdict(
      mark: mark, markClass: markClass,
      test: "\(lessDrop(-entry.difference, entry.uncertainty, than: name)); \(entry.test)")
  }

  /// "3.10 ± 1.20 points less drop than L1-norm" for a reading whose drop is `saved`
  /// points below the other's ("more drop" when it is above).
  static func lessDrop(_ saved: Double, _ uncertainty: Double, than name: String) -> String {
    "\(SVG.value(abs(saved))) ± \(SVG.value(uncertainty)) points \(saved < 0 ? "more" : "less") drop than \(name)"
  }

  /// Drop against the fraction removed, one line per reading and per reference (open
  /// markers mean fewer than 3 seeds, as on every chart).
  static func chart(_ study: SensitivityStudy, tier: Tier, columns: [Int]) -> ScatterChart {
    // The readings take the slots the references do not use, so a reference keeps the
    // colour it has on every other page.
    let referenceSlots = Set(
      study.rows.filter(\.isReference).map { MethodNames.chartSlot($0.method) })
    var free = (0..<SVG.slotCount).filter { !referenceSlots.contains($0) }.makeIterator()
    let series = study.rows.map { row -> ScatterChart.Series in
      let slot = row.isReference ? MethodNames.chartSlot(row.method) : free.next() ?? SVG.spareSlot
      let points = columns.compactMap { index -> ScatterChart.Point? in
        guard index < row.values.count, let value = row.values[index] else { return nil }
        let column = study.columns[index]
        return ScatterChart.Point(
          x: column.ratio, y: value.drop, error: value.interval,
          tooltip:
            "\(MethodNames.name(row.method)), ratio \(SVG.number(column.ratio)): \(tier.rawValue) drop \(SVG.value(value.drop)) ± \(SVG.value(value.interval)) (95 %); seeds: \(value.seedDrops.map { SVG.value($0) }.joined(separator: ", "))",
          link: value.runLink, thin: value.seedDrops.count < 3)
      }
      return ScatterChart.Series(
        name: MethodNames.name(row.method), style: slot, hollow: false, connect: true,
        points: points, marker: MethodNames.marker(row.method))
    }
    var chart = ScatterChart(
      title: "\(study.pair.title): OCNNA's readings, \(tier.rawValue)",
      subtitle: "\(study.scale); \(study.budget)",
      description:
        "\(tier.rawValue.capitalized) accuracy drop in points (lower is better) against the fraction of every prunable layer's channels removed, one line per OCNNA reading and per reference criterion; bars are 95 % intervals, open markers have fewer than 3 seeds.",
      xLabel: "fraction of channels removed per layer", yLabel: "accuracy drop (points)",
      logX: false, series: series)
    chart.drawsParetoFront = false
    return chart
  }
}

extension SensitivityStudy {
  /// The tiers the study's columns cover, zero-shot first.
  var tiers: [Tier] {
    [Tier.zeroShot, .fineTuned].filter { t in columns.contains { $0.tier == t } }
  }
}
