import Foundation
import Results

/// The overview: the architecture × dataset matrix with coverage and headlines.
struct OverviewPage {
  var model: ReportModel

  /// The overview page: a row per architecture, a cell per dataset.
  struct Context {
    var frame: PageFrame
    var datasets: [String]
    var rows: [Row]
  }

  struct Row {
    var architecture: String
    var cells: [Cell]
  }

  /// One pair's cell; every field but `present` is nil where the pair has nothing.
  struct Cell {
    /// A drop at an RPR, as the cell prints OCNNA's headline or the best published point.
    struct Point {
      var method: String?
      var drop: String
      var rpr: String
      /// The spread over seeds, printed when there are several.
      var spread: String?
    }

    var present: Bool
    var link: String?
    var state: String?
    var measuredOCNNA: Int?
    var measuredBaselines: Int?
    var recordedMethods: Int?
    var scale: String?
    var headline: Point?
    var recorded: Point?

    static let absent = Cell(present: false)
  }

  func cell(_ report: PairReport) -> Cell {
    var cell = Cell(
      present: true, link: "pairs/\(report.pair.slug).html", state: report.freshness.rawValue,
      measuredOCNNA: report.closed.filter { $0.method == CriterionName.ocnna.slug }.count,
      measuredBaselines: report.closed.filter { $0.method != CriterionName.ocnna.slug }.count,
      recordedMethods: Set(report.recorded.map(\.method.method)).count,
      scale: report.referenceScale?.scale)
    if let headline = report.headline {
      cell.headline = Cell.Point(
        drop: SVG.value(headline.drop), rpr: SVG.value(headline.rpr, digits: 2),
        spread: headline.seeds > 1 ? SVG.value(headline.dropSpread) : nil)
      if let recorded = report.bestRecorded(near: headline.rpr) {
        cell.recorded = Cell.Point(
          method: recorded.method.method, drop: SVG.value(recorded.drop!),
          rpr: SVG.value(recorded.rpr!, digits: 2))
      }
    }
    return cell
  }

  var datasets: [String] {
    Array(Set(model.pairs.map(\.pair.dataset))).sorted {
      (Families.datasetOrder($0), $0) < (Families.datasetOrder($1), $1)
    }
  }

  var architectures: [String] {
    Array(Set(model.pairs.map(\.pair.architecture))).sorted {
      (Families.architectureOrder($0), $0) < (Families.architectureOrder($1), $1)
    }
  }

  func context(frame: PageFrame) -> Context {
    let byPair = Dictionary(uniqueKeysWithValues: model.pairs.map { ($0.pair, $0) })
    return Context(
      frame: frame, datasets: datasets,
      rows: architectures.map { architecture in
        Row(
          architecture: architecture,
          cells: datasets.map { dataset in
            byPair[Pair(architecture: architecture, dataset: dataset)].map(cell) ?? .absent
          })
      })
  }

  var table: ExportTable {
    ExportTable(
      header: [
        "pair", "state", "OCNNA points", "baseline points", "recorded methods", "OCNNA drop",
        "OCNNA RPR", "best recorded near that RPR", "its drop", "its RPR", "measured at",
      ],
      rows: model.pairs.map { r in
        let h = r.headline
        let best = h.flatMap { r.bestRecorded(near: $0.rpr) }
        return [
          r.pair.title, r.freshness.rawValue,
          String(r.closed.filter { $0.method == CriterionName.ocnna.slug }.count),
          String(r.closed.filter { $0.method != CriterionName.ocnna.slug }.count),
          String(Set(r.recorded.map(\.method.method)).count),
          h.map { SVG.value($0.drop) } ?? "", h.map { SVG.value($0.rpr, digits: 3) } ?? "",
          best?.method.method ?? "", best?.drop.map { SVG.value($0) } ?? "",
          best?.rpr.map { SVG.value($0, digits: 3) } ?? "", r.referenceScale?.scale ?? "",
        ]
      })
  }

  /// A README badge per pair with a measured OCNNA headline.
  var badges: [String: String] {
    var files: [String: String] = [:]
    for report in model.pairs {
      guard let h = report.headline else { continue }
      files["badges/\(report.pair.slug).svg"] = Badge.svg(
        label: "OCNNA \(report.pair.title)",
        value: "drop \(SVG.value(h.drop)) @ RPR \(SVG.value(h.rpr))",
        state: report.freshness.rawValue)
    }
    return files
  }
}
