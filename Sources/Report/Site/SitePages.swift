import Foundation
import Mustache
import Results

/// Every page and export of the site, by path relative to its root.
struct SitePages {
  var model: ReportModel
  var library: MustacheLibrary

  /// The frame of a page `root` away from the site root.
  func frame(root: String, title: String) -> PageFrame {
    PageFrame.make(model, root: root, title: title)
  }

  func render(_ template: String, _ context: Any) -> String {
    library.render(context, withTemplate: template) ?? ""
  }

  /// Every file, each rendered.
  func files() throws -> [String: String] { try files(sources: PageSources()).files }

  /// Every file, with the run and pair pages `sources` allows kept from the last build
  /// left out of `files` and listed in `reused`; `keys` holds those pages' keys.
  func files(sources: PageSources) throws -> RenderedFiles {
    for name in [
      "header", "footer", "index", "pair", "pair-row", "method", "methods", "run", "history",
      "methodology",
      "sensitivity", "budgets",
    ]
    where library.getTemplate(named: name) == nil {
      throw SpecError(path: "Templates/\(name).mustache", message: "is missing")
    }
    // Run and pair pages carry no counts, so that one more result leaves the pages of
    // other runs and pairs as they were, to be kept from the last build.
    let uncounted = { (root: String, title: String) -> PageFrame in
      var frame = frame(root: root, title: title)
      frame.counts = nil
      return frame
    }
    // The kinds of page are independent: rendered side by side (each also spreads its
    // own pages over the cores where it has many).
    let kinds: [() throws -> RenderedFiles] = [
      { try RunPage(model: model).files(render: render, frame: uncounted, sources: sources) },
      {
        var rendered = RenderedFiles()
        for report in model.pairs {
          rendered.merge(pairFiles(report, sources: sources, frame: uncounted))
        }
        return rendered
      },
      { RenderedFiles(files: MethodPages(model: model).files(render: render, frame: frame)) },
      { RenderedFiles(files: overviewFiles()) },
      { RenderedFiles(files: singlePages()) },
    ]
    var rendered = RenderedFiles()
    for kind in try ParallelMap.map(kinds.indices, { try kinds[$0]() }) { rendered.merge(kind) }
    return rendered
  }

  /// The overview page, its table exports and the pairs' badges.
  func overviewFiles() -> [String: String] {
    var files: [String: String] = [:]
    let overview = OverviewPage(model: model)
    files["index.html"] = render(
      "index", overview.context(frame: frame(root: "", title: "Overview")))
    files["overview.csv"] = overview.table.csv
    files["overview.md"] = overview.table.markdown
    files.merge(overview.badges) { a, _ in a }
    return files
  }

  /// The methodology, sensitivity, budget and history pages and the regression feed.
  func singlePages() -> [String: String] {
    var files: [String: String] = [:]
    files["methodology.html"] = render("methodology", methodology)
    files["sensitivity.html"] = render(
      "sensitivity",
      SensitivityPage(model: model).context(frame: frame(root: "", title: "Sensitivity")))
    files["budgets.html"] = render(
      "budgets", BudgetPage(model: model).context(frame: frame(root: "", title: "Budgets")))
    let regressions = Regression.find(in: model.history)
    files["history.html"] = render("history", history(regressions))
    files["feed.xml"] = AtomFeed.render(
      regressions,
      updated: model.history.last.map { "\($0.date)T00:00:00Z" } ?? "1970-01-01T00:00:00Z")
    return files
  }

  /// A pair's pages, charts and tables, kept from the last build when their key — the
  /// pair, its results' files, the recorded methods' files, the templates — is unchanged.
  func pairFiles(
    _ report: PairReport, sources: PageSources,
    frame: @escaping (_ root: String, _ title: String) -> PageFrame
  ) -> RenderedFiles {
    let ids = report.measured.flatMap { $0.results.map(\.id) } + report.failed.map(\.id)
    let key = sources.digest(of: ids).map {
      ["pair", report.pair.slug, sources.templates, sources.recorded, BuildInfo.version, $0]
        .joined(separator: " ")
    }
    var rendered = RenderedFiles()
    if let key, let kept = sources.keptFiles(key) {
      rendered.reused = kept
    } else {
      rendered.files = PairPage(report: report).files(render: render, frame: frame)
    }
    if let key {
      for path in rendered.reused + rendered.files.keys { rendered.keys[path] = key }
    }
    return rendered
  }

  /// The methodology page: the baselines the results hold (with their citations and how
  /// many results each has), the catalogue's criteria that none of them measured, and the
  /// scales measured — every claim read from the results, none written by hand.
  struct Methodology {
    struct Baseline {
      var name: String
      var citation: String
      var results: Int
      var pairs: Int
    }
    struct Scale {
      var scale: String
      var count: Int
    }
    struct ProtocolRow {
      var name: String
      var meaning: String
      var results: Int
      var grids: String
    }
    var frame: PageFrame
    var readings: [NamedValue]
    var protocols: [ProtocolRow]
    var baselines: [Baseline]
    var hasUnmeasured: Bool
    var unmeasured: [NamedValue]
    var scales: [Scale]
    /// The measured and published fine-tuning budgets and the originals' accuracies.
    var budgets: MethodologyBudgets
    var hasPublishedBudgets: Bool
  }

  var methodology: Methodology {
    // Counted in one pass over the results (grouping them copied ten thousand results).
    var scaleCounts: [String: Int] = [:]
    var methodCounts: [String: Int] = [:]
    var methodPairs: [String: Set<String>] = [:]
    var protocolResults: [String: (count: Int, grids: Set<String>, meaning: String)] = [:]
    for result in model.results {
      scaleCounts["\(result.scaleLabel); \(result.budgetLabel)", default: 0] += 1
      let pruningProtocol = result.cell.pruningProtocol
      let name = PruningProtocol.name(pruningProtocol)
      protocolResults[name, default: (0, [], PruningProtocol.meaning(pruningProtocol))].count += 1
      protocolResults[name]!.grids.insert(result.grid)
      guard result.status == .done else { continue }
      // Keyed as the points are, so an OCNNA reading (`ocnna/raw`) counts its own results.
      methodCounts[result.cell.methodLabel, default: 0] += 1
      methodPairs[result.cell.methodLabel, default: []].insert(
        "\(result.cell.architecture)|\(result.cell.dataset.name)")
    }
    let measured = model.measuredMethods.filter { $0 != CriterionName.ocnna.slug }
    let unmeasured = MethodNames.displayOrder.filter {
      $0 != CriterionName.ocnna.slug && methodCounts[$0] == nil
    }
    let budgets = MethodologyBudgets(model: model)
    let protocols = protocolResults.keys.sorted().map { name in
      let results = protocolResults[name]!
      return Methodology.ProtocolRow(
        name: name, meaning: results.meaning, results: results.count,
        grids: results.grids.sorted().joined(separator: ", "))
    }
    return Methodology(
      frame: frame(root: "", title: "Methodology"),
      readings: OCNNAVariant.all.map {
        NamedValue(name: $0 == .post ? "post" : $0.slug, value: $0.meaning)
      },
      protocols: protocols,
      baselines: measured.map { method in
        Methodology.Baseline(
          name: MethodNames.name(method), citation: MethodNames.citationOrReading(method),
          results: methodCounts[method] ?? 0, pairs: methodPairs[method]?.count ?? 0)
      },
      hasUnmeasured: !unmeasured.isEmpty,
      unmeasured: unmeasured.map {
        NamedValue(name: MethodNames.name($0), value: MethodNames.citation($0) ?? "")
      },
      scales: scaleCounts.keys.sorted().map {
        Methodology.Scale(scale: $0, count: scaleCounts[$0]!)
      }, budgets: budgets, hasPublishedBudgets: !budgets.published.isEmpty)
  }

  /// The history page: every recorded night's headline per pair, regressions marked.
  struct HistoryPage {
    struct Row {
      var date: String
      var grid: String
      var pair: String
      var pairSlug: String
      var headline: String
      var dropAt50: String
      var meanDrop: String
      var points: Int
      /// What rose, when this night's number is a regression.
      var regression: String?
    }
    var frame: PageFrame
    var hasHistory: Bool
    var rows: [Row]
  }

  func history(_ regressions: [Regression]) -> HistoryPage {
    let flagged = Dictionary(
      regressions.map { ("\($0.date)|\($0.grid)|\($0.pairSlug)", $0.summary) },
      uniquingKeysWith: { a, _ in a })
    let rows = model.history.reversed().flatMap { snapshot in
      snapshot.headlines.map { h in
        HistoryPage.Row(
          date: snapshot.date, grid: snapshot.grid, pair: h.pair, pairSlug: h.pairSlug,
          headline: h.headlineDrop.map { drop in
            "\(SVG.value(drop)) ± \(SVG.value(h.headlineInterval ?? .nan)) at RPR \(SVG.value(h.headlineRPR ?? .nan))"
          } ?? "–",
          dropAt50: h.dropAt50.map { SVG.value($0) } ?? "–",
          meanDrop: h.meanDrop.map { SVG.value($0) } ?? "–", points: h.points,
          regression: flagged["\(snapshot.date)|\(snapshot.grid)|\(h.pairSlug)"])
      }
    }
    return HistoryPage(
      frame: frame(root: "", title: "History"), hasHistory: !rows.isEmpty, rows: rows)
  }
}
