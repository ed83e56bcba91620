import Foundation
import Results

/// The pages of one pair: the open and closed views, each with the measured table in
/// three reader-chosen orders, their charts (inline and standalone) and table exports.
struct PairPage {
  var report: PairReport

  enum View: String, CaseIterable { case open, closed }
  enum Order: String, CaseIterable { case rpr, drop, method }

  static func fileName(_ slug: String, view: View, order: Order) -> String {
    slug + (view == .closed ? "-closed" : "") + (order == .rpr ? "" : "-by-\(order.rawValue)")
      + ".html"
  }

  var views: [View] { report.measured.isEmpty ? [.open] : View.allCases }

  func points(_ view: View) -> [MeasuredPoint] {
    view == .closed ? report.closed : report.measured
  }

  func sorted(_ points: [MeasuredPoint], by order: Order) -> [MeasuredPoint] {
    switch order {
    case .rpr:
      points.sorted { ($0.rpr, $0.method, $0.policy) < ($1.rpr, $1.method, $1.policy) }
    case .drop:
      points.sorted { ($0.drop, $0.rpr, $0.method) < ($1.drop, $1.rpr, $1.method) }
    case .method:
      points.sorted {
        (MethodNames.displayOrder.firstIndex(of: $0.method) ?? 99, $0.scale, $0.rpr)
          < (MethodNames.displayOrder.firstIndex(of: $1.method) ?? 99, $1.scale, $1.rpr)
      }
    }
  }

  /// The measured series of one view's chart, with x taken from `ratio` (RPR or MACs
  /// ratio). Published results have their own panel (`publishedChart`), so that their
  /// sub-point drops are not flattened by the measured range and no Pareto front runs
  /// across both.
  func series(_ view: View, ratio: (MeasuredPoint) -> Double) -> [ScatterChart.Series] {
    let reference = report.referenceScale
    var result: [ScatterChart.Series] = []
    let kinds = Dictionary(grouping: points(view)) { "\($0.method)|\($0.originalKey)|\($0.budget)" }
      .mapValues { Set($0.map(\.policyKind)).count }
    let groups = Dictionary(grouping: points(view)) { p in
      let key = "\(p.method)|\(p.originalKey)|\(p.budget)"
      return kinds[key, default: 1] > 1 ? "\(key)|\(p.policyKind)" : key
    }
    // Originals per scale and budget: more than one when an original was made again (the
    // cache lost, the engine changed), and then each series also names its original.
    let originals = Dictionary(grouping: points(view)) { "\($0.scale)|\($0.budget)" }
      .mapValues { Set($0.map(\.originalKey)).count }
    let keys = groups.keys.sorted { a, b in
      let pa = groups[a]![0], pb = groups[b]![0]
      let ra = pa.originalKey == reference?.originalKey && pa.budget == reference?.budget
      let rb = pb.originalKey == reference?.originalKey && pb.budget == reference?.budget
      return (ra ? 0 : 1, MethodNames.displayOrder.firstIndex(of: pa.method) ?? 99, a)
        < (rb ? 0 : 1, MethodNames.displayOrder.firstIndex(of: pb.method) ?? 99, b)
    }
    for key in keys {
      let group = groups[key]!
      let first = group[0]
      let isReference =
        first.originalKey == reference?.originalKey && first.budget == reference?.budget
      let splitByPolicy =
        kinds["\(first.method)|\(first.originalKey)|\(first.budget)", default: 1] > 1
      let original =
        originals["\(first.scale)|\(first.budget)", default: 1] > 1
        ? "; original \(SVG.value(first.originalTop1))%" : ""
      let name =
        MethodNames.name(first.method) + (splitByPolicy ? " · \(first.policyKind)" : "")
        + (isReference ? "" : " (\(first.scale); \(first.budget)\(original))")
      // A method split by policy kind draws its percentile curve in the spare slot, so
      // the two curves never share a colour.
      let style =
        splitByPolicy && first.policyKind == .percentile
        ? SVG.spareSlot : MethodNames.chartSlot(first.method)
      result.append(
        ScatterChart.Series(
          name: name, style: style, hollow: false, connect: isReference,
          points: group.map { p in
            let warnings = p.flags.map(\.explanation)
            return ScatterChart.Point(
              x: ratio(p), y: p.drop, error: p.dropInterval,
              tooltip:
                "\(MethodNames.name(p.method)), \(p.policy): drop \(SVG.value(p.drop)) ± \(SVG.value(p.dropInterval)) (95 %) points at RPR \(SVG.value(p.rpr, digits: 3)), MACs ratio \(SVG.value(p.macsRatio, digits: 3)); seeds: \(p.seedDrops(.fineTuned).map { SVG.value($0) }.joined(separator: ", ")); \(p.scale); \(p.budget)"
                + (warnings.isEmpty ? "" : " — " + warnings.joined(separator: "; ")),
              link: "../\(p.runLink)", thin: p.seeds < 3,
              flagged: p.flags.contains(where: \.isWarningSign))
          }, marker: MethodNames.marker(first.method)))
    }
    return result
  }

  /// How many published points get a numbered label: those nearest OCNNA's headline RPR.
  static let labelledPublished = 6

  /// The published results of the pair on their own axes, one series per method (a method
  /// measured here in its catalogue colour, the others grey), the points nearest OCNNA's
  /// headline ratio numbered and keyed under the legend, rows the data files doubt ringed.
  func publishedChart(ratio: (RecordedPoint) -> Double?, xLabel: String, what: String)
    -> ScatterChart
  {
    let drawn = report.recorded.filter { ratio($0) != nil && $0.drop != nil }
    let target = report.headline?.rpr ?? 0.5
    let nearest = drawn.filter { $0.rpr != nil }
      .sorted { abs(log($0.rpr!) - log(target)) < abs(log($1.rpr!) - log(target)) }
      .prefix(Self.labelledPublished)
    var labels: [String: String] = [:]
    var keys: [String] = []
    for (index, point) in nearest.sorted(by: { $0.rpr! < $1.rpr! }).enumerated() {
      labels[Self.rowKey(point)] = String(index + 1)
      keys.append(
        "\(index + 1) — \(point.method.method), \(point.entry.variant): drop \(SVG.value(point.drop!)) at RPR \(SVG.value(point.rpr!, digits: 2))"
      )
    }
    let byMethod = Dictionary(grouping: drawn) { $0.method.method }
    let series = byMethod.keys.sorted().map { method -> ScatterChart.Series in
      let points = byMethod[method]!
      return ScatterChart.Series(
        name: method, style: Self.publishedSlot(method), hollow: true, connect: false,
        points: points.map { point in
          ScatterChart.Point(
            x: ratio(point)!, y: point.drop!,
            tooltip:
              "\(point.method.method) (\(point.method.venue) \(point.method.year)), \(point.entry.variant): drop \(SVG.value(point.drop!)) at \(what) \(SVG.value(ratio(point)!, digits: 3)) — published; base top-1 \(point.entry.baselineTop1.map { SVG.value($0) } ?? "?")%; \(point.entry.sourceKind)"
              + (point.caution.map { " — flagged by its data file: \($0)" } ?? ""),
            link: "../methods/\(point.methodSlug).html", flagged: point.caution != nil,
            label: labels[Self.rowKey(point)])
        })
    }
    return ScatterChart(
      title: "\(report.pair.title): published results against \(what)",
      subtitle:
        "Published at the authors' scale and budget; not comparable point for point with the measured chart.",
      description:
        "Accuracy drop in points of every published result of \(report.pair.title) with a drop and a \(what), one series per method; rows their data file doubts are ringed.",
      xLabel: xLabel, yLabel: "accuracy drop (points)", series: series, keys: keys)
  }

  static func rowKey(_ p: RecordedPoint) -> String {
    "\(p.method.method)|\(p.entry.variant)|\(p.entry.source)|\(p.rpr ?? -1)"
  }

  /// The palette slot of a published method: its measured criterion's, or the neutral one.
  static func publishedSlot(_ method: String) -> Int {
    CriterionName.all.first { $0.publishedAs == method }?.chartSlot ?? SVG.spareSlot
  }

  /// What the measured numbers are, in numbers: budget, base accuracy, scale.
  var comparability: [String] {
    guard let point = report.closed.first else { return [] }
    let budget = FineTuningBudget(point.results[0])
    var lines = ["Fine-tuning here: \(budget.description)."]
    let bases = report.recorded.compactMap(\.entry.baselineTop1)
    let base = "Original top-1 here \(SVG.value(point.originalTop1))%"
    if let low = bases.min(), let high = bases.max() {
      lines.append(
        "\(base); published base networks \(SVG.value(low))–\(SVG.value(high))% (\(bases.count) rows)."
      )
    } else {
      lines.append(base + ".")
    }
    lines.append(
      "Measured at \(point.scale). Published budgets are those of each source (not recorded in Data/baselines)."
    )
    return lines
  }

  func charts(_ view: View) -> (rpr: ScatterChart, macs: ScatterChart) {
    let title = report.pair.title
    let viewText = view == .closed ? "closed view (same base network and budget)" : "open view"
    let subtitle =
      report.closed.first.map {
        "Measured: \(FineTuningBudget($0.results[0]).short); base top-1 \(SVG.value($0.originalTop1))%; \($0.scale)."
      }
      ?? ""
    return (
      ScatterChart(
        title: "\(title): accuracy drop against remaining parameters ratio",
        subtitle: subtitle,
        description:
          "Accuracy drop in points (lower is better) against RPR on a log scale, \(viewText); bars are 95 % intervals, open markers have fewer than 3 seeds, dashed rings are flagged points, the dashed line is the measured Pareto front.",
        xLabel: "remaining parameters ratio (log scale)", yLabel: "accuracy drop (points)",
        series: series(view, ratio: \.rpr)),
      ScatterChart(
        title: "\(title): accuracy drop against MACs ratio",
        subtitle: subtitle,
        description:
          "Accuracy drop in points against the ratio of multiply-accumulates (log scale), \(viewText).",
        xLabel: "MACs ratio (log scale)", yLabel: "accuracy drop (points)",
        series: series(view, ratio: \.macsRatio))
    )
  }

  static let measuredHeader = [
    "method", "policy", "RPR", "MACs ratio", "drop (points)", "± 95%", "drop per seed",
    "zero-shot drop", "zero-shot ± 95%", "top-1 before FT (%)", "top-1 (%)", "seeds", "flags",
    "scale", "fine-tuning", "image passes", "SGD steps", "run",
  ]

  func measuredRow(_ p: MeasuredPoint) -> [String] {
    let budget = FineTuningBudget(p.results[0])
    return [
      MethodNames.name(p.method), p.policy, SVG.value(p.rpr, digits: 3),
      SVG.value(p.macsRatio, digits: 3), SVG.value(p.drop), SVG.value(p.dropInterval),
      p.seedDrops(.fineTuned).map { SVG.value($0) }.joined(separator: " "),
      SVG.value(p.drop(.zeroShot)), SVG.value(p.dropInterval(.zeroShot)),
      SVG.value(p.beforeFineTuningTop1), SVG.value(p.prunedTop1), String(p.seeds),
      p.flags.map(\.explanation).joined(separator: "; "), p.scale, p.budget,
      budget.imagePasses.map(String.init) ?? "", budget.sgdSteps.map(String.init) ?? "",
      p.results[0].id,
    ]
  }

  static let recordedHeader = [
    "method", "year", "variant", "base top-1 (%)", "pruned top-1 (%)", "drop (points)", "RPR",
    "MACs ratio", "differs from the measured runs", "flagged by its data file", "notes",
    "source", "source link", "source kind",
  ]

  func recordedRow(_ p: RecordedPoint) -> [String] {
    [
      p.method.method, String(p.method.year), p.entry.variant,
      p.entry.baselineTop1.map { SVG.value($0) } ?? "",
      p.entry.prunedTop1.map { SVG.value($0) } ?? "",
      p.drop.map { SVG.value($0) } ?? "", p.rpr.map { SVG.value($0, digits: 3) } ?? "",
      p.macsRatio.map { SVG.value($0, digits: 3) } ?? "",
      p.differences(measuredBaseTop1: report.measuredBaseTop1).joined(separator: "; "),
      p.caution == nil ? "" : "yes", p.entry.notes ?? "", p.entry.source, p.sourceURL ?? "",
      p.entry.sourceKind,
    ]
  }

  /// Every file of this pair: pages, charts and tables, by path relative to the site root.
  func files(render: (String, Any) -> String, frame: (_ root: String, _ title: String) -> PageFrame)
    -> [String: String]
  {
    var files: [String: String] = [:]
    // The fine-tuned tier once per fine-tuning budget, smallest first, then the zero-shot
    // tier of the closed view; each heading names its network and budget. Within a group,
    // the paper's reading first, then each other OCNNA reading measured there.
    let groups =
      report.fineTuningGroups.map { (Tier.fineTuned, $0) } + [(Tier.zeroShot, report.closed)]
    let tiers = groups.flatMap { tier, points -> [Context.TierComparisons] in
      MatchedComparison.readings(in: points).compactMap { reading in
        let rows = MatchedComparison.all(points, tier: tier, reading: reading).flatMap(
          Context.ComparisonRow.rows)
        guard let first = points.first, !rows.isEmpty else { return nil }
        let group =
          " — \(first.scale); \(first.protocolName); the cells' budget: \(FineTuningBudget(first.results[0]).description)"
        return Context.TierComparisons(
          reading: MethodNames.name(reading), tier: tier.rawValue,
          meaning: tier.meaning + group, rows: rows)
      }
    }
    let failedRows = report.failed.map {
      Context.FailedRow(id: $0.id, label: $0.cell.label, error: $0.error ?? "failed")
    }
    let recordedRows = report.recorded.filter(\.plottable).map(recordedContextRow)
    let unplottableRows = report.recorded.filter { !$0.plottable }.map(recordedContextRow)
    let slug = report.pair.slug
    let measuredTable = ExportTable(
      header: Self.measuredHeader, rows: sorted(report.measured, by: .rpr).map(measuredRow))
    files["tables/\(slug)-measured.csv"] = measuredTable.csv
    files["tables/\(slug)-measured.md"] = measuredTable.markdown
    let recordedTable = ExportTable(
      header: Self.recordedHeader, rows: report.recorded.map(recordedRow))
    files["tables/\(slug)-recorded.csv"] = recordedTable.csv
    files["tables/\(slug)-recorded.md"] = recordedTable.markdown
    let published = publishedChart(
      ratio: \.rpr, xLabel: "remaining parameters ratio (log scale)", what: "RPR")
    let hasPublishedChart = !published.allPoints.isEmpty
    let publishedSVG = hasPublishedChart ? published.svg(id: "published") : ""
    if hasPublishedChart {
      files["charts/\(slug)-published-rpr.svg"] = published.svg(id: "published", standalone: true)
    }
    let comparability = self.comparability
    // Each point's row (with its statistics) rendered once, not once per view and order.
    let rowByPoint = Dictionary(
      report.measured.map {
        ($0.results[0].id, RenderedFragment(render("pair-row", measuredContextRow($0))))
      },
      uniquingKeysWith: { a, _ in a })
    let viewCharts = views.map { view in (view: view, charts: self.charts(view)) }
    for (view, chart) in viewCharts {
      let suffix = view == .closed ? "-closed" : ""
      files["charts/\(slug)\(suffix)-rpr.svg"] = chart.rpr.svg(id: "rpr", standalone: true)
      files["charts/\(slug)\(suffix)-macs.svg"] = chart.macs.svg(id: "macs", standalone: true)
    }
    // The pages of every view and order are independent: render them on every core.
    let pages = viewCharts.flatMap { entry in Order.allCases.map { (entry, $0) } }
    let rendered = ParallelMap.map(pages.indices) { index -> (String, String) in
      let ((view, chart), order) = pages[index]
      let suffix = view == .closed ? "-closed" : ""
      let measured = sorted(points(view), by: order).map {
        rowByPoint[$0.results[0].id]
          ?? RenderedFragment(render("pair-row", measuredContextRow($0)))
      }
      let context = Context(
        frame: frame("../", report.pair.title), pairTitle: report.pair.title, slug: slug,
        suffix: suffix,
        views: views.map { v in
          ChoiceLink(
            label: v == .closed
              ? "closed (same base network and budget)" : "open (everything, marked)",
            link: Self.fileName(slug, view: v, order: order), current: v == view)
        },
        viewExplanation: view == .closed
          ? "Only points measured here on the same base network with the same fine-tuning budget: the numbers in this view are directly comparable."
          : "Everything: measured points at every scale, then every published result on its own chart and table. Published numbers come from other base networks, data and budgets.",
        comparability: comparability, hasComparability: !comparability.isEmpty,
        hasChart: !chart.rpr.allPoints.isEmpty, rprChart: chart.rpr.svg(id: "rpr"),
        macsChart: chart.macs.svg(id: "macs"),
        orders: Order.allCases.map { o in
          ChoiceLink(
            label: "by \(o == .rpr ? "RPR" : o.rawValue)",
            link: Self.fileName(slug, view: view, order: o), current: o == order)
        },
        hasMeasured: !measured.isEmpty, measured: measured,
        hasComparisons: !tiers.isEmpty, tiers: tiers,
        hasFailed: !failedRows.isEmpty, failed: failedRows, showRecorded: view == .open,
        hasPublishedChart: hasPublishedChart, publishedChart: publishedSVG,
        hasRecorded: !recordedRows.isEmpty, recorded: recordedRows,
        hasUnplottable: !unplottableRows.isEmpty, unplottable: unplottableRows)
      return ("pairs/" + Self.fileName(slug, view: view, order: order), render("pair", context))
    }
    for (path, page) in rendered { files[path] = page }
    return files
  }

  func measuredContextRow(_ p: MeasuredPoint) -> Context.MeasuredRow {
    let row = measuredRow(p)
    return Context.MeasuredRow(
      method: row[0], policy: row[1], rpr: row[2], macs: row[3], drop: row[4], interval: row[5],
      seedDrops: row[6], zeroShot: "\(row[7]) ± \(row[8])", before: row[9], top1: row[10],
      seedRuns: p.results.map {
        Context.SeedRun(seed: $0.cell.seed, link: "../runs/\($0.id).html")
      },
      flags: p.flags.map { Context.Flag(mark: $0.mark, explanation: $0.explanation) },
      scale: row[13], budget: row[14],
      runLink: p.runLink, rowClass: p.method == CriterionName.ocnna.slug ? "ocnna" : "")
  }

  func recordedContextRow(_ p: RecordedPoint) -> Context.RecordedRow {
    let row = recordedRow(p)
    return Context.RecordedRow(
      method: row[0], variant: row[2], base: row[3], pruned: row[4], drop: row[5], rpr: row[6],
      macs: row[7], differences: row[8], caution: p.caution != nil, notes: p.entry.notes ?? "",
      source: row[11], sourceKind: row[13], methodSlug: p.methodSlug, sourceURL: p.sourceURL)
  }
}

extension PairPage {
  /// One pair page: a view (open or closed) with its measured table in one order.
  struct Context {
    struct Flag {
      var mark: String
      var explanation: String
    }

    /// One tier's matched comparisons of one OCNNA reading.
    struct TierComparisons {
      /// `OCNNA`, `OCNNA (raw)`.
      var reading: String
      var tier: String
      var meaning: String
      var rows: [ComparisonRow]
    }

    struct MeasuredRow {
      var method: String
      var policy: String
      var rpr: String
      var macs: String
      var drop: String
      var interval: String
      /// Every seed's drop, beside the mean.
      var seedDrops: String
      var zeroShot: String
      var before: String
      var top1: String
      /// Every seed's run page, so that each run is one click from its pair.
      var seedRuns: [SeedRun]
      var flags: [Flag]
      var scale: String
      var budget: String
      var runLink: String
      var rowClass: String
    }

    struct SeedRun {
      var seed: UInt64
      var link: String
    }

    /// One baseline of a matched operating point; the first row of a point also prints
    /// the point (spanning `span` rows).
    struct ComparisonRow {
      var first: Bool
      var span: Int
      var policy: String
      var rpr: String
      var ocnna: String
      var seeds: String
      var baseline: String
      var baselineDrop: String
      var difference: String
      var uncertainty: String
      var verdict: String
      var verdictClass: String
      /// How the verdict was reached, and per-seed McNemar p-values when stored.
      var test: String

      static func rows(_ c: MatchedComparison) -> [ComparisonRow] {
        c.entries.enumerated().map { index, e in
          ComparisonRow(
            first: index == 0, span: c.entries.count, policy: c.policy,
            rpr: SVG.value(c.rpr, digits: 3),
            ocnna: "\(SVG.value(c.ocnnaDrop)) ± \(SVG.value(c.ocnnaInterval))",
            seeds: String(c.seeds), baseline: MethodNames.name(e.baseline),
            baselineDrop: SVG.value(e.baselineDrop),
            difference: (e.difference >= 0 ? "+" : "") + SVG.value(e.difference),
            uncertainty: SVG.value(e.uncertainty), verdict: e.verdict.rawValue,
            verdictClass: e.verdict == .better
              ? "better" : e.verdict == .worse ? "worse" : "unclear",
            test: e.test
              + (e.mcNemarBySeed.isEmpty
                ? ""
                : "; McNemar per seed: "
                  + e.mcNemarBySeed.sorted { $0.key < $1.key }.map {
                    "\($0.key): \(MatchedComparison.format($0.value))"
                  }.joined(separator: ", ")))
        }
      }
    }

    struct FailedRow {
      var id: String
      var label: String
      var error: String
    }

    struct RecordedRow {
      var method: String
      var variant: String
      var base: String
      var pruned: String
      var drop: String
      var rpr: String
      var macs: String
      var differences: String
      /// Its data file doubts the row: shown, never headlined.
      var caution: Bool
      var notes: String
      var source: String
      var sourceKind: String
      var methodSlug: String
      var sourceURL: String?
    }

    var frame: PageFrame
    var pairTitle: String
    var slug: String
    /// `-closed` for the closed view's chart files.
    var suffix: String
    var views: [ChoiceLink]
    var viewExplanation: String
    /// The measured budget, base accuracy and scale in numbers, beside the published ones.
    var comparability: [String]
    var hasComparability: Bool
    var hasChart: Bool
    var rprChart: String
    var macsChart: String
    var orders: [ChoiceLink]
    var hasMeasured: Bool
    /// The measured rows, each rendered once from `MeasuredRow` (`pair-row.mustache`).
    var measured: [RenderedFragment]
    var hasComparisons: Bool
    var tiers: [TierComparisons]
    var hasFailed: Bool
    var failed: [FailedRow]
    var showRecorded: Bool
    var hasPublishedChart: Bool
    var publishedChart: String
    var hasRecorded: Bool
    var recorded: [RecordedRow]
    /// Published rows without a drop or a ratio, listed apart from the plotted ones.
    var hasUnplottable: Bool
    var unplottable: [RecordedRow]
  }
}
