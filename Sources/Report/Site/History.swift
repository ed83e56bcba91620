import Foundation
import Results

/// One night's headline numbers per pair (`Data/history/<date>-<grid>.json`), written by
/// `ocnna history record` after a run, so that the history page and the regression feed
/// can show how OCNNA's curves moved across nights.
public struct HistorySnapshot: Codable, Sendable {
  public struct Headline: Codable, Sendable {
    public var pair: String
    public var pairSlug: String
    /// OCNNA's drop interpolated at RPR 0.5, and its mean drop over RPR 0.1–0.5.
    public var dropAt50: Double?
    public var meanDrop: Double?
    public var points: Int
  }

  public var schemaVersion = 1
  public var date: String
  public var grid: String
  public var commit: String?
  public var headlines: [Headline]

  /// The snapshot of `results` (one grid's), dated `date`.
  public static func make(results: [RunResult], grid: String, date: String, commit: String?)
    -> HistorySnapshot
  {
    let model = ReportModel(results: results, methods: [])
    let headlines = model.pairs.compactMap { report -> Headline? in
      let ocnna = report.closed.filter { $0.method == CriterionName.ocnna.slug }
      guard !ocnna.isEmpty else { return nil }
      let curve = TradeOffCurve(
        points: ocnna.map {
          TradeOffCurve.Point(rpr: $0.rpr, drop: $0.drop, spread: $0.dropSpread, seeds: $0.seeds)
        })
      return Headline(
        pair: report.pair.title, pairSlug: report.pair.slug, dropAt50: curve.drop(atRPR: 0.5),
        meanDrop: curve.meanDrop(over: 0.1...0.5), points: ocnna.count)
    }
    return HistorySnapshot(date: date, grid: grid, commit: commit, headlines: headlines)
  }

  /// Every snapshot in `folder`, sorted by date.
  public static func readAll(_ folder: URL) throws -> [HistorySnapshot] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    return try names.map { name in
      let url = folder.appendingPathComponent(name)
      guard let data = try? Data(contentsOf: url) else {
        throw SpecError(path: url.path, message: "cannot be read")
      }
      return try JSONFile.decode(HistorySnapshot.self, from: data, path: url.path)
    }
  }
}

/// A night whose OCNNA numbers rose by more than the threshold over the previous night.
public struct Regression: Sendable {
  public var date: String
  public var grid: String
  public var pair: String
  public var pairSlug: String
  public var summary: String

  /// The regressions in `history` (each grid and pair against its previous snapshot).
  public static func find(in history: [HistorySnapshot], threshold: Double = 1) -> [Regression] {
    var previous: [String: HistorySnapshot.Headline] = [:]
    var found: [Regression] = []
    for snapshot in history.sorted(by: { ($0.date, $0.grid) < ($1.date, $1.grid) }) {
      for headline in snapshot.headlines {
        let key = "\(snapshot.grid)|\(headline.pairSlug)"
        if let before = previous[key] {
          var parts: [String] = []
          for (name, old, new) in [
            ("drop@0.5", before.dropAt50, headline.dropAt50),
            ("mean drop", before.meanDrop, headline.meanDrop),
          ] {
            if let old, let new, new - old > threshold {
              parts.append("\(name) \(SVG.value(old)) → \(SVG.value(new))")
            }
          }
          if !parts.isEmpty {
            found.append(
              Regression(
                date: snapshot.date, grid: snapshot.grid, pair: headline.pair,
                pairSlug: headline.pairSlug, summary: parts.joined(separator: ", ")))
          }
        }
        previous[key] = headline
      }
    }
    return found
  }
}

/// The Atom feed of regressions (`feed.xml`).
enum AtomFeed {
  static func render(_ regressions: [Regression], updated: String) -> String {
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom">
      <title>ocnna report: regressions</title>
      <id>urn:ocnna:report:regressions</id>
      <updated>\(SVG.escape(updated))</updated>
      <link href="history.html"/>

      """
    for r in regressions.reversed() {
      out += """
        <entry>
        <title>\(SVG.escape("\(r.pair): OCNNA regressed on \(r.date)"))</title>
        <id>\(SVG.escape("urn:ocnna:regression:\(r.grid):\(r.pairSlug):\(r.date)"))</id>
        <updated>\(SVG.escape(r.date))T00:00:00Z</updated>
        <link href="\(SVG.escape("pairs/\(r.pairSlug).html"))"/>
        <summary>\(SVG.escape("\(r.grid): \(r.summary)"))</summary>
        </entry>

        """
    }
    return out + "</feed>\n"
  }
}
