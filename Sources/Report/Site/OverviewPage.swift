import Foundation
import Results

/// The overview: the architecture × dataset matrix with coverage and headlines.
struct OverviewPage {
  var model: ReportModel
  /// Each pair's tallies per tier, counted once for the cells, the totals and the export.
  let tallies: [Pair: [Tier: [VerdictTally]]]

  init(model: ReportModel) {
    self.model = model
    tallies = Dictionary(
      uniqueKeysWithValues: model.pairs.map { report in
        (
          report.pair,
          Dictionary(
            uniqueKeysWithValues: Tier.allCases.map { ($0, VerdictTally.all(report, tier: $0)) })
        )
      })
  }

  func tallies(_ report: PairReport, _ tier: Tier) -> [VerdictTally] {
    tallies[report.pair]?[tier] ?? []
  }

  /// The overview page: the answer first (OCNNA against each measured baseline, counted
  /// per pair and tier, and every method's mean rank), then the architecture × dataset
  /// matrix, with published results as context only.
  struct Context {
    var frame: PageFrame
    var totals: [Total]
    var rankings: [Ranking]
    var datasets: [String]
    var rows: [Row]
  }

  /// OCNNA's verdicts over every pair of one tier whose compared points share one
  /// protocol: a tally never adds protocol 1's comparisons to protocol 2's.
  struct Total {
    var tier: String
    var meaning: String
    var protocolName: String
    var protocolMeaning: String
    /// Protocol 1's comparisons: kept as measured, not the literature's protocol.
    var superseded: Bool
    var better: Int
    var level: Int
    var worse: Int
    var comparisons: Int
    var pairs: Int
  }

  struct Ranking {
    struct Entry {
      var method: String
      var meanRank: String
      var operatingPoints: Int
      var field: String
      var pairs: Int
      var rowClass: String
    }
    var tier: String
    var protocolName: String
    var entries: [Entry]
  }

  struct Row {
    var architecture: String
    var cells: [Cell]
  }

  /// One pair's cell; every field but `present` is nil or empty where the pair has nothing.
  struct Cell {
    struct Tally {
      var baseline: String
      var better: Int
      var level: Int
      var worse: Int
    }
    struct TierTallies {
      var tier: String
      /// `protocol 2` or `protocol 1`, the full name in `protocolName`.
      var protocolShort: String
      var protocolName: String
      var superseded: Bool
      var tallies: [Tally]
    }
    /// OCNNA's headline point: drop ± 95 % at an RPR, with every seed's drop.
    struct Headline {
      /// `zero-shot` where the closed view did not fine-tune (protocol 2's tier 1).
      var tier: String
      var drop: String
      var interval: String
      var rpr: String
      var seeds: Int
      var seedDrops: String
      var fewSeeds: Bool
    }
    /// The lowest published drop at the headline's RPR, and how it was read.
    struct Published {
      var method: String
      var drop: String
      var derivation: String
      var methods: Int
    }

    var present: Bool
    var link: String?
    var state: String?
    var scale: String?
    var tiers: [TierTallies] = []
    var headline: Headline?
    var published: Published?
    var recordedMethods: Int?

    static let absent = Cell(present: false)
  }

  func cell(_ report: PairReport) -> Cell {
    var cell = Cell(
      present: true, link: "pairs/\(report.pair.slug)-closed.html#matched",
      state: report.freshness.rawValue, scale: report.referenceScale?.scale,
      recordedMethods: Set(report.recorded.map(\.method.method)).count)
    if report.measured.isEmpty { cell.link = "pairs/\(report.pair.slug).html" }
    cell.tiers = Tier.allCases.compactMap { tier in
      let tallies = self.tallies(report, tier)
      guard !tallies.isEmpty, let name = report.protocolName(for: tier) else { return nil }
      return Cell.TierTallies(
        tier: tier.rawValue, protocolShort: Self.short(name), protocolName: name,
        superseded: Self.superseded(name),
        tallies: tallies.map {
          Cell.Tally(
            baseline: MethodNames.name($0.baseline), better: $0.better, level: $0.level,
            worse: $0.worse)
        })
    }
    if let headline = report.headline {
      cell.headline = Cell.Headline(
        tier: (headline.fineTunes ? Tier.fineTuned : .zeroShot).rawValue,
        drop: SVG.value(headline.drop), interval: SVG.value(headline.dropInterval),
        rpr: SVG.value(headline.rpr, digits: 2), seeds: headline.seeds,
        seedDrops: headline.seedDrops(.fineTuned).map { SVG.value($0) }.joined(separator: ", "),
        fewSeeds: headline.seeds < 3)
      let published = report.published(at: headline.rpr)
      if let best = published.first {
        cell.published = Cell.Published(
          method: best.method.method, drop: SVG.value(best.drop), derivation: best.derivation,
          methods: published.count)
      }
    }
    return cell
  }

  /// `protocol 2` of `protocol 2: literature scope, …`.
  static func short(_ protocolName: String) -> String {
    protocolName.components(separatedBy: ":").first ?? protocolName
  }

  /// Protocol 1 (no `PruningProtocol`): its comparisons are shown apart, after protocol 2's.
  static func superseded(_ protocolName: String) -> Bool {
    protocolName == PruningProtocol.name(nil)
  }

  /// Every protocol a pair's compared points were measured under, protocol 2 (the
  /// literature's) first, then per tier: the comparable answer first.
  var protocolTiers: [(name: String, tier: Tier)] {
    let names = Set(
      Tier.allCases.flatMap { tier in model.pairs.compactMap { $0.protocolName(for: tier) } }
    ).sorted { (Self.superseded($0) ? 1 : 0, $0) < (Self.superseded($1) ? 1 : 0, $1) }
    return names.flatMap { name in Tier.allCases.map { (name, $0) } }
  }

  var totals: [Total] {
    protocolTiers.compactMap { name, tier in
      var total = Total(
        tier: tier.rawValue, meaning: tier.meaning, protocolName: name,
        protocolMeaning: model.pairs.lazy.compactMap { report -> String? in
          guard report.protocolName(for: tier) == name else { return nil }
          return PruningProtocol.meaning(
            report.closed(for: tier).first?.results[0].cell.pruningProtocol)
        }.first ?? "", superseded: Self.superseded(name), better: 0, level: 0, worse: 0,
        comparisons: 0, pairs: 0)
      for report in model.pairs where report.protocolName(for: tier) == name {
        let tallies = self.tallies(report, tier)
        guard !tallies.isEmpty else { continue }
        total.pairs += 1
        for t in tallies {
          total.better += t.better
          total.level += t.level
          total.worse += t.worse
          total.comparisons += t.total
        }
      }
      return total.comparisons == 0 ? nil : total
    }
  }

  var rankings: [Ranking] {
    protocolTiers.compactMap { name, tier in
      let ranks = MethodRank.ranking(model.pairs, tier: tier, protocolName: name)
      guard !ranks.isEmpty else { return nil }
      return Ranking(
        tier: tier.rawValue, protocolName: name,
        entries: ranks.map {
          Ranking.Entry(
            method: MethodNames.name($0.method), meanRank: SVG.value($0.meanRank),
            operatingPoints: $0.operatingPoints, field: SVG.value($0.meanField, digits: 1),
            pairs: $0.pairs, rowClass: $0.method == CriterionName.ocnna.slug ? "ocnna" : "")
        })
    }
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
      frame: frame, totals: totals, rankings: rankings, datasets: datasets,
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
        "pair", "state", "tier", "protocol", "baseline", "OCNNA better", "level", "OCNNA worse",
        "OCNNA headline drop", "± 95%", "at RPR", "seeds", "lowest published drop at that RPR",
        "its method", "how it was read", "measured at",
      ],
      rows: model.pairs.flatMap { r -> [[String]] in
        let h = r.headline
        let best = h.flatMap { r.published(at: $0.rpr).first }
        let shared = [
          h.map { SVG.value($0.drop) } ?? "", h.map { SVG.value($0.dropInterval) } ?? "",
          h.map { SVG.value($0.rpr, digits: 3) } ?? "", h.map { String($0.seeds) } ?? "",
          best.map { SVG.value($0.drop) } ?? "", best?.method.method ?? "",
          best?.derivation ?? "", r.referenceScale?.scale ?? "",
        ]
        let rows = Tier.allCases.flatMap { tier in
          self.tallies(r, tier).map { t in
            [
              r.pair.title, r.freshness.rawValue, tier.rawValue, r.protocolName(for: tier) ?? "",
              MethodNames.name(t.baseline),
              String(t.better), String(t.level), String(t.worse),
            ] + shared
          }
        }
        return rows.isEmpty
          ? [[r.pair.title, r.freshness.rawValue, "", "", "", "", "", ""] + shared] : rows
      })
  }

  /// A README badge per pair with a measured OCNNA headline.
  var badges: [String: String] {
    var files: [String: String] = [:]
    for report in model.pairs {
      guard let h = report.headline else { continue }
      files["badges/\(report.pair.slug).svg"] = Badge.svg(
        label: "OCNNA \(report.pair.title)",
        value: "drop \(SVG.value(h.drop)) ± \(SVG.value(h.dropInterval)) @ RPR \(SVG.value(h.rpr))",
        state: report.freshness.rawValue)
    }
    return files
  }
}
