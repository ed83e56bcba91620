import Foundation
import Results

/// `budgets.html`: every `BudgetStudy` as a table (a criterion's drop per budget with its
/// 95 % interval, per-seed drops, rank and OCNNA's paired verdict against it) and a chart
/// of drop against image passes.
struct BudgetPage {
  var model: ReportModel

  struct Context {
    var frame: PageFrame
    var hasStudies: Bool
    var studies: [Study]
  }

  struct Study {
    var title: String
    var pairLink: String
    var scale: String
    var point: String
    var seeds: Int
    var headers: [String]
    var rows: [Row]
    /// Per budget, the criteria from the lowest drop to the highest.
    var rankings: [NamedValue]
    var chart: String
  }

  struct Row {
    var name: String
    var cells: [Cell]
  }

  struct Cell {
    var present: Bool
    var text: String
    var seeds: String
    var rank: String
    /// OCNNA against this criterion; nil for OCNNA itself.
    var mark: String?
    var markClass: String
    var test: String
    var link: String
  }

  func context(frame: PageFrame) -> Context {
    let studies = BudgetStudy.all(model)
    return Context(
      frame: frame, hasStudies: !studies.isEmpty,
      studies: studies.enumerated().map { index, study in
        Study(
          title: study.pair.title, pairLink: "pairs/\(study.pair.slug).html",
          scale:
            "\(study.scale) · original top-1 \(SVG.value(study.originalTop1))% · \(study.protocolName)",
          point: "\(study.policy) (RPR \(SVG.value(study.rpr, digits: 3)))", seeds: study.seeds,
          headers: study.columns.map { c in c.steps.isEmpty ? c.label : "\(c.label) (\(c.steps))" },
          rows: study.rows.map { row in
            Row(
              name: MethodNames.name(row.method),
              cells: study.columns.indices.map { i in
                Self.cell(i < row.values.count ? row.values[i] : nil)
              })
          },
          rankings: study.columns.indices.map { i in
            NamedValue(name: study.columns[i].label, value: Self.ranking(study, column: i))
          },
          chart: Self.chart(study).svg(id: "b\(index)"))
      })
  }

  /// "OCNNA raw < L1-norm < OCNNA < Random" (lowest drop first); after the first column,
  /// with no fine-tuning's order of the same criteria and Kendall's τ_b between the two.
  static func ranking(_ study: BudgetStudy, column: Int) -> String {
    let order = { (column: Int, methods: Set<String>?) in
      study.rows.compactMap { row -> (Int, String)? in
        guard column < row.values.count, let value = row.values[column],
          methods?.contains(row.method) ?? true
        else { return nil }
        return (value.rank, MethodNames.name(row.method))
      }.sorted { $0 < $1 }.map(\.1).joined(separator: " < ")
    }
    guard let agreement = study.rankAgreement(column: column) else { return order(column, nil) }
    return
      "\(order(column, nil)) (no fine-tuning, the same \(agreement.methods.count): \(order(0, Set(agreement.methods))); Kendall τ_b = \(SVG.value(agreement.tau, digits: 2)))"
  }

  static func cell(_ value: BudgetStudy.Value?) -> Cell {
    guard let value else {
      return Cell(
        present: false, text: "", seeds: "", rank: "", mark: nil, markClass: "", test: "",
        link: "")
    }
    var mark: String?
    var markClass = "", test = ""
    if let entry = value.versusOCNNA {
      // The difference is OCNNA's drop minus this criterion's.
      switch entry.verdict {
      case .better: (mark, markClass) = ("OCNNA better", "better")
      case .worse: (mark, markClass) = ("OCNNA worse", "worse")
      case .unclear: (mark, markClass) = ("OCNNA level", "level")
      }
      test =
        "OCNNA \(SensitivityPage.lessDrop(-entry.difference, entry.uncertainty, than: "this criterion")); \(entry.test)"
    }
    return Cell(
      present: true, text: "\(SVG.value(value.drop)) ± \(SVG.value(value.interval))",
      seeds: value.seedDrops.map { SVG.value($0) }.joined(separator: ", "),
      rank: "rank \(value.rank)", mark: mark, markClass: markClass, test: test,
      link: value.runLink)
  }

  /// Drop against image passes (log scale), one line per criterion, fine-tuned budgets
  /// only (no fine-tuning has no place on a log axis; the table gives it).
  static func chart(_ study: BudgetStudy) -> ScatterChart {
    let tuned = study.columns.indices.filter { study.columns[$0].tier == .fineTuned }
    let series = study.rows.map { row -> ScatterChart.Series in
      let points = tuned.compactMap { index -> ScatterChart.Point? in
        guard index < row.values.count, let value = row.values[index] else { return nil }
        let column = study.columns[index]
        return ScatterChart.Point(
          x: Double(max(1, column.imagePasses)), y: value.drop, error: value.interval,
          tooltip:
            "\(MethodNames.name(row.method)), \(column.label): drop \(SVG.value(value.drop)) ± \(SVG.value(value.interval)) (95 %); seeds: \(value.seedDrops.map { SVG.value($0) }.joined(separator: ", "))",
          link: value.runLink, thin: value.seedDrops.count < 3)
      }
      return ScatterChart.Series(
        name: MethodNames.name(row.method), style: MethodNames.chartSlot(row.method),
        hollow: false, connect: true, points: points, marker: MethodNames.marker(row.method))
    }
    var chart = ScatterChart(
      title: "\(study.pair.title): accuracy drop against the fine-tuning budget",
      subtitle: "\(study.scale); \(study.policy)",
      description:
        "Fine-tuned accuracy drop in points (lower is better) against the budget in image passes on a log scale, one line per criterion at one operating point of identical architectures; bars are 95 % intervals, open markers have fewer than 3 seeds.",
      xLabel: "fine-tuning budget (image passes, log scale)", yLabel: "accuracy drop (points)",
      logX: true, series: series)
    chart.drawsParetoFront = false
    return chart
  }
}
