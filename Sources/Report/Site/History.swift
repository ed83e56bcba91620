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
    /// The overview's headline (`PairReport.headline`): OCNNA's drop at its RPR with the
    /// 95 % half-width of that drop, so that a night is judged against the noise it was
    /// measured with. Absent in snapshots written before it was recorded.
    public var headlineDrop: Double?
    public var headlineRPR: Double?
    public var headlineInterval: Double?
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
      let headline = report.headline
      return Headline(
        pair: report.pair.title, pairSlug: report.pair.slug, dropAt50: curve.drop(atRPR: 0.5),
        meanDrop: curve.meanDrop(over: 0.1...0.5), points: ocnna.count,
        headlineDrop: headline?.drop, headlineRPR: headline?.rpr,
        headlineInterval: headline?.dropInterval)
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

  /// The regressions in `history`: each grid and pair against its previous snapshot.
  ///
  /// The headline regresses when its drop (at the same RPR, within 0.02) rose by more than
  /// the 95 % half-width of the difference of the two nights (from each night's interval:
  /// the noise of the test sample and the seeds); a fixed threshold would flag noise on a
  /// one-seed pair and miss real change on a many-seed one. The older curve summaries
  /// (drop at RPR 0.5, mean drop) use that same half-width where the nights recorded it,
  /// else `fallbackThreshold` points.
  public static func find(in history: [HistorySnapshot], fallbackThreshold: Double = 1)
    -> [Regression]
  {
    var previous: [String: HistorySnapshot.Headline] = [:]
    var found: [Regression] = []
    for snapshot in history.sorted(by: { ($0.date, $0.grid) < ($1.date, $1.grid) }) {
      for headline in snapshot.headlines {
        let key = "\(snapshot.grid)|\(headline.pairSlug)"
        if let before = previous[key] {
          let threshold = noise(before, headline) ?? fallbackThreshold
          var parts: [String] = []
          if let old = before.headlineDrop, let new = headline.headlineDrop,
            let oldRPR = before.headlineRPR, let newRPR = headline.headlineRPR,
            abs(oldRPR - newRPR) <= 0.02, new - old > threshold
          {
            parts.append(
              "headline drop at RPR \(SVG.value(newRPR)) \(SVG.value(old)) → \(SVG.value(new)) (noise ± \(SVG.value(threshold)))"
            )
          }
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

  /// The 95 % half-width of the difference of two nights' headlines, when both have one.
  static func noise(_ a: HistorySnapshot.Headline, _ b: HistorySnapshot.Headline) -> Double? {
    guard let x = a.headlineInterval, let y = b.headlineInterval else { return nil }
    return (x * x + y * y).squareRoot()
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
