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

  /// The series of one view's chart, with x taken from `ratio` (RPR or MACs ratio).
  func series(
    _ view: View, ratio: (MeasuredPoint) -> Double, recordedRatio: (RecordedPoint) -> Double?
  )
    -> [ScatterChart.Series]
  {
    let reference = report.referenceScale
    var result: [ScatterChart.Series] = []
    let kinds = Dictionary(grouping: points(view)) { "\($0.method)|\($0.originalKey)|\($0.budget)" }
      .mapValues { Set($0.map(\.policyKind)).count }
    let groups = Dictionary(grouping: points(view)) { p in
      let key = "\(p.method)|\(p.originalKey)|\(p.budget)"
      return kinds[key, default: 1] > 1 ? "\(key)|\(p.policyKind)" : key
    }
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
      let name =
        MethodNames.name(first.method) + (splitByPolicy ? " · \(first.policyKind)" : "")
        + (isReference ? "" : " (\(first.scale); \(first.budget))")
      // A method split by policy kind draws its percentile curve in the spare slot, so
      // the two curves never share a colour.
      let style =
        splitByPolicy && first.policyKind == .percentile
        ? SVG.spareSlot : MethodNames.chartSlot(first.method)
      result.append(
        ScatterChart.Series(
          name: name, style: style, hollow: false, connect: isReference,
          points: group.map { p in
            ScatterChart.Point(
              x: ratio(p), y: p.drop, error: p.dropInterval,
              tooltip:
                "\(MethodNames.name(p.method)), \(p.policy): drop \(SVG.value(p.drop)) ± \(SVG.value(p.dropInterval)) points at RPR \(SVG.value(p.rpr, digits: 3)), MACs ratio \(SVG.value(p.macsRatio, digits: 3)); \(p.seeds) seed(s); \(p.scale); \(p.budget)",
              link: "../\(p.runLink)")
          }))
    }
    if view == .open {
      let recorded = report.recorded.compactMap { point -> ScatterChart.Point? in
        guard let x = recordedRatio(point), let drop = point.drop else { return nil }
        return ScatterChart.Point(
          x: x, y: drop,
          tooltip:
            "\(point.method.method) (\(point.method.venue) \(point.method.year)), \(point.entry.variant): drop \(SVG.value(drop)) at ratio \(SVG.value(x, digits: 3)) — published; base top-1 \(point.entry.baselineTop1.map { SVG.value($0) } ?? "?")%; \(point.entry.sourceKind)",
          link: "../methods/\(point.methodSlug).html")
      }
      if !recorded.isEmpty {
        result.append(
          ScatterChart.Series(
            name: "recorded (published)", style: 0, hollow: true, connect: false,
            points: recorded))
      }
    }
    return result
  }

  func charts(_ view: View) -> (rpr: ScatterChart, macs: ScatterChart) {
    let title = report.pair.title
    let viewText = view == .closed ? "closed view (same base network and budget)" : "open view"
    return (
      ScatterChart(
        title: "\(title): accuracy drop against remaining parameters ratio",
        description:
          "Accuracy drop in points (lower is better) against RPR on a log scale, \(viewText); measured points filled, recorded points hollow, Pareto front dashed.",
        xLabel: "remaining parameters ratio (log scale)", yLabel: "accuracy drop (points)",
        series: series(view, ratio: \.rpr, recordedRatio: \.rpr)),
      ScatterChart(
        title: "\(title): accuracy drop against MACs ratio",
        description:
          "Accuracy drop in points against the ratio of multiply-accumulates (log scale), \(viewText).",
        xLabel: "MACs ratio (log scale)", yLabel: "accuracy drop (points)",
        series: series(view, ratio: \.macsRatio, recordedRatio: \.macsRatio))
    )
  }

  static let measuredHeader = [
    "method", "policy", "RPR", "MACs ratio", "drop (points)", "± 95%", "top-1 before FT (%)",
    "top-1 (%)", "seeds", "scale", "fine-tuning", "run",
  ]

  func measuredRow(_ p: MeasuredPoint) -> [String] {
    [
      MethodNames.name(p.method), p.policy, SVG.value(p.rpr, digits: 3),
      SVG.value(p.macsRatio, digits: 3), SVG.value(p.drop), SVG.value(p.dropInterval),
      SVG.value(p.beforeFineTuningTop1), SVG.value(p.prunedTop1), String(p.seeds), p.scale,
      p.budget,
      p.results[0].id,
    ]
  }

  static let recordedHeader = [
    "method", "year", "variant", "base top-1 (%)", "pruned top-1 (%)", "drop (points)", "RPR",
    "MACs ratio", "differs from the measured runs", "source", "source kind",
  ]

  func recordedRow(_ p: RecordedPoint) -> [String] {
    [
      p.method.method, String(p.method.year), p.entry.variant,
      p.entry.baselineTop1.map { SVG.value($0) } ?? "",
      p.entry.prunedTop1.map { SVG.value($0) } ?? "",
      p.drop.map { SVG.value($0) } ?? "", p.rpr.map { SVG.value($0, digits: 3) } ?? "",
      p.macsRatio.map { SVG.value($0, digits: 3) } ?? "",
      p.differences(measuredBaseTop1: report.measuredBaseTop1).joined(separator: "; "),
      p.entry.source, p.entry.sourceKind,
    ]
  }

  /// Every file of this pair: pages, charts and tables, by path relative to the site root.
  func files(render: (String, Any) -> String, frame: (_ root: String, _ title: String) -> PageFrame)
    -> [String: String]
  {
    var files: [String: String] = [:]
    let comparisonRows = MatchedComparison.all(report).flatMap(Context.ComparisonRow.rows)
    let failedRows = report.failed.map {
      Context.FailedRow(id: $0.id, label: $0.cell.label, error: $0.error ?? "failed")
    }
    let recordedRows = report.recorded.map(recordedContextRow)
    let slug = report.pair.slug
    files["tables/\(slug)-measured.csv"] =
      ExportTable(
        header: Self.measuredHeader, rows: sorted(report.measured, by: .rpr).map(measuredRow)
      ).csv
    files["tables/\(slug)-measured.md"] =
      ExportTable(
        header: Self.measuredHeader, rows: sorted(report.measured, by: .rpr).map(measuredRow)
      )
      .markdown
    files["tables/\(slug)-recorded.csv"] =
      ExportTable(header: Self.recordedHeader, rows: report.recorded.map(recordedRow)).csv
    files["tables/\(slug)-recorded.md"] =
      ExportTable(header: Self.recordedHeader, rows: report.recorded.map(recordedRow)).markdown
    for view in views {
      let suffix = view == .closed ? "-closed" : ""
      let (rprChart, macsChart) = charts(view)
      files["charts/\(slug)\(suffix)-rpr.svg"] = rprChart.svg(id: "rpr", standalone: true)
      files["charts/\(slug)\(suffix)-macs.svg"] = macsChart.svg(id: "macs", standalone: true)
      let hasChart = !rprChart.allPoints.isEmpty
      let rprSVG = rprChart.svg(id: "rpr")
      let macsSVG = macsChart.svg(id: "macs")
      for order in Order.allCases {
        let measured = sorted(points(view), by: order).map(measuredContextRow)
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
            : "Everything: measured points at every scale and every published result, each marked with what differs from the measured runs. Published numbers come from other base networks, data and budgets.",
          reference: report.referenceScale.map { reference in
            Context.Reference(
              scale: reference.scale, budget: reference.budget,
              baseTop1: report.measuredBaseTop1.map { SVG.value($0) } ?? "?")
          },
          hasChart: hasChart, rprChart: rprSVG, macsChart: macsSVG,
          orders: Order.allCases.map { o in
            ChoiceLink(
              label: "by \(o == .rpr ? "RPR" : o.rawValue)",
              link: Self.fileName(slug, view: view, order: o), current: o == order)
          },
          hasMeasured: !measured.isEmpty, measured: measured,
          hasComparisons: !comparisonRows.isEmpty, comparisons: comparisonRows,
          hasFailed: !failedRows.isEmpty, failed: failedRows, showRecorded: view == .open,
          hasRecorded: !recordedRows.isEmpty, recorded: recordedRows)
        files["pairs/" + Self.fileName(slug, view: view, order: order)] = render("pair", context)
      }
    }
    return files
  }

  func measuredContextRow(_ p: MeasuredPoint) -> Context.MeasuredRow {
    let row = measuredRow(p)
    return Context.MeasuredRow(
      method: row[0], policy: row[1], rpr: row[2], macs: row[3], drop: row[4], interval: row[5],
      before: row[6], top1: row[7],
      seedRuns: p.results.map {
        Context.SeedRun(seed: $0.cell.seed, link: "../runs/\($0.id).html")
      },
      scale: row[9], budget: row[10],
      runLink: p.runLink, rowClass: p.method == CriterionName.ocnna.slug ? "ocnna" : "")
  }

  func recordedContextRow(_ p: RecordedPoint) -> Context.RecordedRow {
    let row = recordedRow(p)
    return Context.RecordedRow(
      method: row[0], variant: row[2], base: row[3], pruned: row[4], drop: row[5], rpr: row[6],
      macs: row[7], differences: row[8], source: row[9], sourceKind: row[10],
      methodSlug: p.methodSlug, sourceURL: p.sourceURL)
  }
}

extension PairPage {
  /// One pair page: a view (open or closed) with its measured table in one order.
  struct Context {
    struct Reference {
      var scale: String
      var budget: String
      var baseTop1: String
    }

    struct MeasuredRow {
      var method: String
      var policy: String
      var rpr: String
      var macs: String
      var drop: String
      var interval: String
      var before: String
      var top1: String
      /// Every seed's run page, so that each run is one click from its pair.
      var seedRuns: [SeedRun]
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
              ? "better" : e.verdict == .worse ? "worse" : "unclear")
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
    var reference: Reference?
    var hasChart: Bool
    var rprChart: String
    var macsChart: String
    var orders: [ChoiceLink]
    var hasMeasured: Bool
    var measured: [MeasuredRow]
    var hasComparisons: Bool
    var comparisons: [ComparisonRow]
    var hasFailed: Bool
    var failed: [FailedRow]
    var showRecorded: Bool
    var hasRecorded: Bool
    var recorded: [RecordedRow]
  }
}
