import Foundation
import Mustache
import Results

/// Every page and export of the site, by path relative to its root.
struct SitePages {
  var model: ReportModel
  var library: MustacheLibrary

  var common: [String: Any] {
    [
      "version": BuildInfo.version, "resultCount": model.results.count,
      "recordedCount": model.methods.map(\.entries.count).reduce(0, +),
    ]
  }

  func render(_ template: String, _ context: [String: Any]) -> String {
    library.render(context, withTemplate: template) ?? ""
  }

  func files() throws -> [String: String] {
    for name in [
      "header", "footer", "index", "pair", "method", "methods", "run", "history", "methodology",
    ]
    where library.getTemplate(named: name) == nil {
      throw SpecError(path: "Templates/\(name).mustache", message: "is missing")
    }
    var files: [String: String] = [:]
    let overview = OverviewPage(model: model)
    files["index.html"] = render("index", overview.context(common: common))
    files["overview.csv"] = overview.table.csv
    files["overview.md"] = overview.table.markdown
    files.merge(overview.badges) { a, _ in a }
    for report in model.pairs {
      files.merge(PairPage(report: report).files(render: render, common: common)) { a, _ in a }
    }
    files.merge(MethodPages(model: model).files(render: render, common: common)) { a, _ in a }
    files.merge(RunPage(model: model).files(render: render, common: common)) { a, _ in a }
    files["methodology.html"] = render("methodology", methodology)
    let regressions = Regression.find(in: model.history)
    files["history.html"] = render("history", history(regressions))
    files["feed.xml"] = AtomFeed.render(
      regressions,
      updated: model.history.last.map { "\($0.date)T00:00:00Z" } ?? "1970-01-01T00:00:00Z")
    return files
  }

  var methodology: [String: Any] {
    var context = common
    context["root"] = ""
    context["title"] = "Methodology"
    context["baselines"] = MethodNames.displayOrder.filter { $0 != CriterionName.ocnna.slug }.map {
      ["name": MethodNames.name($0), "citation": MethodNames.citation($0) ?? ""]
    }
    let scales = Dictionary(grouping: model.results) { "\($0.scaleLabel); \($0.budgetLabel)" }
    context["scales"] = scales.keys.sorted().map {
      ["scale": $0, "count": scales[$0]!.count] as [String: Any]
    }
    return context
  }

  func history(_ regressions: [Regression]) -> [String: Any] {
    var context = common
    context["root"] = ""
    context["title"] = "History"
    let flagged = Dictionary(
      regressions.map { ("\($0.date)|\($0.grid)|\($0.pairSlug)", $0.summary) },
      uniquingKeysWith: { a, _ in a })
    let rows = model.history.reversed().flatMap { snapshot in
      snapshot.headlines.map { h -> [String: Any] in
        var row: [String: Any] = [
          "date": snapshot.date, "grid": snapshot.grid, "pair": h.pair, "pairSlug": h.pairSlug,
          "dropAt50": h.dropAt50.map { SVG.value($0) } ?? "–",
          "meanDrop": h.meanDrop.map { SVG.value($0) } ?? "–", "points": h.points,
        ]
        if let summary = flagged["\(snapshot.date)|\(snapshot.grid)|\(h.pairSlug)"] {
          row["regression"] = summary
        }
        return row
      }
    }
    context["hasHistory"] = !rows.isEmpty
    context["rows"] = rows
    return context
  }
}
