import Foundation
import Results

/// A page per method, recorded or measured, with a completeness badge after the
/// ShrinkBench recommendations (Blalock et al., MLSys 2020).
struct MethodPages {
  var model: ReportModel

  struct Check {
    var label: String
    var ok: Bool
  }

  static func completeness(_ checks: [Check]) -> (label: String, cssClass: String) {
    let passed = checks.filter(\.ok).count
    if passed == checks.count { return ("complete \(passed)/\(checks.count)", "complete") }
    if passed >= 3 { return ("partial \(passed)/\(checks.count)", "partial") }
    return ("sparse \(passed)/\(checks.count)", "sparse")
  }

  func recordedChecks(_ method: RecordedMethod) -> [Check] {
    let entries = method.entries
    let pairs = Set(entries.map { "\($0.architecture)|\($0.dataset)" })
    let perPair = Dictionary(grouping: entries) { "\($0.architecture)|\($0.dataset)" }
    let notes = entries.compactMap(\.notes).joined(separator: " ").lowercased()
    return [
      Check(
        label:
          "several operating points on one pair (\(perPair.values.map(\.count).max() ?? 0) at most)",
        ok: perPair.values.contains { $0.count >= 3 }),
      Check(label: "several architecture–dataset pairs (\(pairs.count))", ok: pairs.count >= 2),
      Check(
        label: "random and magnitude baselines reported beside it (as recorded in the notes)",
        ok: notes.contains("random") && (notes.contains("l1") || notes.contains("magnitude"))),
      Check(
        label: "several seeds or a spread reported (as recorded in the notes)",
        ok: notes.contains("seed") || notes.contains("±") || notes.contains("std")),
      Check(
        label: "both parameters and FLOPs reported",
        ok: entries.contains { $0.parametersReductionPct != nil && $0.flopsReductionPct != nil }),
    ]
  }

  func measuredChecks(_ method: String) -> [Check] {
    let points = model.pairs.flatMap { $0.measured.filter { $0.method == method } }
    let pairs = model.pairs.filter { $0.measured.contains { $0.method == method } }
    let withBaselines = pairs.filter { report in
      let methods = Set(report.measured.map(\.method))
      return methods.contains(CriterionName.random.slug)
        && (methods.contains(CriterionName.l1.slug) || methods.contains(CriterionName.l2.slug))
    }
    let perPair = pairs.map { r in r.measured.filter { $0.method == method }.count }
    return [
      Check(
        label: "several operating points on one pair (\(perPair.max() ?? 0) at most)",
        ok: perPair.contains { $0 >= 3 }),
      Check(label: "several architecture–dataset pairs (\(pairs.count))", ok: pairs.count >= 2),
      Check(
        label:
          "random and magnitude baselines measured on the same networks (\(withBaselines.count) of \(pairs.count) pairs)",
        ok: !pairs.isEmpty && withBaselines.count == pairs.count),
      Check(
        label: "several seeds (\(points.map(\.seeds).max() ?? 0) at most)",
        ok: points.contains { $0.seeds >= 2 }),
      Check(label: "both parameters and MACs reported", ok: !points.isEmpty),
    ]
  }

  static func slug(measured method: String) -> String { "measured-\(method)" }

  /// One method's page: completeness checks and every point, measured or recorded.
  struct Context {
    struct Row {
      var pair: String
      var pairSlug: String
      var configuration: String
      /// The run page of a measured point.
      var link: String?
      var drop: String
      var rpr: String
      var macs: String
      var scale: String
      var source: String
      var sourceURL: String?
    }
    var frame: PageFrame
    var name: String
    /// The same method's other page: its published results from a measured page, or
    /// what ocnna measured of it from a published one.
    var counterpart: NamedLink?
    var citation: String
    var venue: String?
    var year: String?
    var provenance: String
    var completeness: String
    var completenessClass: String
    var checks: [Check]
    var points: [Row]
  }

  /// The methods index: the measured methods, then the recorded ones.
  struct Index {
    struct Entry {
      var slug: String
      var name: String
      var venue: String?
      var year: String?
      var points: Int
      var completeness: String
      var completenessClass: String
    }
    var frame: PageFrame
    var measured: [Entry]
    var recorded: [Entry]
  }

  func files(render: (String, Any) -> String, frame: (_ root: String, _ title: String) -> PageFrame)
    -> [String: String]
  {
    var files: [String: String] = [:]
    var recordedRows: [Index.Entry] = []
    var table: [[String]] = []
    // Once, not once per recorded method and criterion: it walks every measured point.
    let measuredMethods = Set(model.measuredMethods)
    for method in model.methods {
      let checks = recordedChecks(method)
      let badge = Self.completeness(checks)
      let slug = RecordedMethod.slug(method.method)
      let measuredTwin = CriterionName.all.first {
        $0.publishedAs == method.method && measuredMethods.contains($0.slug)
      }
      let context = Context(
        frame: frame("../", method.method), name: method.method,
        counterpart: measuredTwin.map {
          NamedLink(
            label: "Measured here under the same protocol as OCNNA",
            name: "\($0.displayName) (measured)", link: "\(Self.slug(measured: $0.slug)).html")
        },
        citation: method.citation,
        venue: method.venue, year: String(method.year),
        provenance:
          "Recorded (published) results: \(method.entries.count) entries in Data/baselines/\(slug).json, each with its source and who reported it.",
        completeness: badge.label, completenessClass: badge.cssClass, checks: checks,
        points: method.entries.sorted {
          ($0.architecture, $0.dataset, $0.variant) < ($1.architecture, $1.dataset, $1.variant)
        }.map { e in
          let point = RecordedPoint(method: method, entry: e)
          return Context.Row(
            pair: point.pair.title, pairSlug: point.pair.slug, configuration: e.variant,
            drop: e.accuracyDrop.map { SVG.value($0) } ?? "–",
            rpr: point.rpr.map { SVG.value($0, digits: 3) } ?? "–",
            macs: point.macsRatio.map { SVG.value($0, digits: 3) } ?? "–",
            scale: "published (\(e.sourceKind))", source: e.source, sourceURL: point.sourceURL)
        })
      files["methods/\(slug).html"] = render("method", context)
      recordedRows.append(
        Index.Entry(
          slug: slug, name: method.method, venue: method.venue, year: String(method.year),
          points: method.entries.count, completeness: badge.label,
          completenessClass: badge.cssClass))
      table.append([
        method.method, "recorded", method.venue, String(method.year), String(method.entries.count),
        badge.label,
      ])
    }
    var measuredRows: [Index.Entry] = []
    for method in model.measuredMethods {
      let checks = measuredChecks(method)
      let badge = Self.completeness(checks)
      let slug = Self.slug(measured: method)
      let points = model.pairs.flatMap { $0.measured.filter { $0.method == method } }
      let published = CriterionName.named(method)?.publishedAs.flatMap { name in
        model.methods.first { $0.method == name }
      }
      let context = Context(
        frame: frame("../", MethodNames.name(method)),
        name: MethodNames.name(method) + " (measured here)",
        counterpart: published.map {
          NamedLink(
            label: "Its published results, as its authors and others reported them",
            name: $0.method, link: "\(RecordedMethod.slug($0.method)).html")
        },
        citation: MethodNames.citation(method) ?? method,
        provenance:
          "Measured by ocnna on the networks and budgets of the grids in Data/grids; \(points.count) operating points.",
        completeness: badge.label, completenessClass: badge.cssClass, checks: checks,
        points: points.map { p in
          Context.Row(
            pair: p.pair.title, pairSlug: p.pair.slug, configuration: p.policy, link: p.runLink,
            drop: SVG.value(p.drop), rpr: SVG.value(p.rpr, digits: 3),
            macs: SVG.value(p.macsRatio, digits: 3), scale: "\(p.scale); \(p.budget)",
            source: "measured here")
        })
      files["methods/\(slug).html"] = render("method", context)
      measuredRows.append(
        Index.Entry(
          slug: slug, name: MethodNames.name(method), points: points.count,
          completeness: badge.label, completenessClass: badge.cssClass))
      table.append([
        MethodNames.name(method), "measured", "", "", String(points.count), badge.label,
      ])
    }
    files["methods.html"] = render(
      "methods",
      Index(frame: frame("", "Methods"), measured: measuredRows, recorded: recordedRows))
    let export = ExportTable(
      header: ["method", "kind", "venue", "year", "points", "completeness"], rows: table)
    files["methods.csv"] = export.csv
    files["methods.md"] = export.markdown
    return files
  }
}
