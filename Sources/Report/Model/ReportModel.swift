import Foundation
import Results

/// Everything the site shows, aggregated once from the results and the recorded methods:
/// a pure function of `Data/`, sorted so that identical inputs give identical pages.
public struct ReportModel {
  public var results: [RunResult]
  public var methods: [RecordedMethod]
  public var history: [HistorySnapshot]
  public var pairs: [PairReport]

  public init(results: [RunResult], methods: [RecordedMethod], history: [HistorySnapshot] = []) {
    // Indices sorted, then the results taken once: sorting the large structs themselves
    // moved each one many times. One result per id and original: grids that share a cell
    // store the same work under the same id in each folder, and it must count once — the
    // earliest grid's by name, for a stable page. The id does not cover the original's
    // weights, so the same cell on another original is other work and stays.
    let identity = { (i: Int) in results[i].original?.identity ?? "" }
    let order = results.indices.sorted {
      (results[$0].id, identity($0), results[$0].grid)
        < (results[$1].id, identity($1), results[$1].grid)
    }
    var kept: [Int] = []
    for index in order
    where kept.last.map({ (results[$0].id, identity($0)) != (results[index].id, identity(index)) })
      ?? true
    {
      kept.append(index)
    }
    self.results = kept.map { results[$0] }
    self.methods = methods.sorted { $0.method < $1.method }
    self.history = history.sorted { ($0.date, $0.grid) < ($1.date, $1.grid) }
    var measured: [Pair: [String: [RunResult]]] = [:]
    var failed: [Pair: [RunResult]] = [:]
    for result in self.results {
      let pair = Pair(
        architecture: Families.architecture(result.cell.architecture),
        dataset: Families.dataset(result.cell.dataset.name))
      guard result.status == .done, result.metrics != nil else {
        failed[pair, default: []].append(result)
        continue
      }
      let key = [
        result.original?.identity ?? "", result.cell.methodLabel, result.cell.policy.description,
        result.budgetLabel, result.scaleLabel,
      ].joined(separator: "|")
      measured[pair, default: [:]][key, default: []].append(result)
    }
    var recorded: [Pair: [RecordedPoint]] = [:]
    for method in self.methods {
      for entry in method.entries {
        let point = RecordedPoint(method: method, entry: entry)
        recorded[point.pair, default: []].append(point)
      }
    }
    let allPairs = Set(measured.keys).union(recorded.keys).union(failed.keys)
    pairs = allPairs.sorted().map { pair in
      var points = (measured[pair] ?? [:]).keys.sorted().map { key -> MeasuredPoint in
        let group = measured[pair]![key]!.sorted { $0.cell.seed < $1.cell.seed }
        let first = group[0]
        return MeasuredPoint(
          pair: pair, method: first.cell.methodLabel, policy: first.cell.policy.description,
          scale: first.scaleLabel, budget: first.budgetLabel,
          originalKey: first.original?.identity ?? "", results: group)
      }
      PointFlag.assign(&points)
      return PairReport(
        pair: pair, measured: points,
        recorded: (recorded[pair] ?? []).sorted {
          ($0.method.method, $0.entry.variant) < ($1.method.method, $1.entry.variant)
        },
        failed: failed[pair] ?? [])
    }
  }

  /// The measured methods, in a fixed order: OCNNA first, then the baselines.
  public var measuredMethods: [String] {
    let present = Set(pairs.flatMap { $0.measured.map(\.method) })
    let variants = present.subtracting(MethodNames.displayOrder).sorted()
    return MethodNames.displayOrder.filter(present.contains) + variants
  }
}

/// Criteria as reports order and name them.
/// The measured criteria as the report names and orders them: a view of the catalogue
/// (`CriterionName`), with a name that is not in it shown as it is.
enum MethodNames {
  static var displayOrder: [String] { CriterionName.slugs }
  static func name(_ method: String) -> String {
    if let slash = method.firstIndex(of: "/"),
      let base = CriterionName.named(String(method[..<slash]))
    {
      return "\(base.displayName) (\(method[method.index(after: slash)...]))"
    }
    return CriterionName.named(method)?.displayName ?? method
  }
  static func citation(_ method: String) -> String? { CriterionName.named(method)?.citation }
  /// What a list of measured criteria says beside the name: the citation, or for an OCNNA
  /// reading (`ocnna/raw`) which maps it reads, so the line is never empty.
  static func citationOrReading(_ method: String) -> String {
    if let citation = citation(method) { return citation }
    return OCNNAVariant.labelled(method).map { "a reading of OCNNA: \($0.meaning)" } ?? ""
  }
  /// The method's palette slot: an OCNNA reading (`ocnna/raw`) takes OCNNA's, a name
  /// outside the catalogue the spare slot.
  static func chartSlot(_ method: String) -> Int {
    let base = method.split(separator: "/").first.map(String.init) ?? method
    return CriterionName.named(base)?.chartSlot ?? SVG.spareSlot
  }

  /// The method's marker: OCNNA's readings, which share its colour, differ in shape (in
  /// the catalogue's order of readings); every other method is drawn with circles.
  static func marker(_ method: String) -> ScatterChart.Marker {
    guard let slash = method.firstIndex(of: "/"),
      let index = OCNNAVariant.all.firstIndex(where: {
        $0.slug == method[method.index(after: slash)...]
      })
    else { return .circle }
    let shapes = ScatterChart.Marker.allCases
    return shapes[index % shapes.count]
  }
}

/// One pair's measured points, recorded points and failures.
public struct PairReport {
  public var pair: Pair
  public let measured: [MeasuredPoint]
  public var recorded: [RecordedPoint]
  public var failed: [RunResult]
  /// The "closed" comparison's base network and budget (see `referenceScale(of:)`).
  public let referenceScale: (scale: String, budget: String, originalKey: String)?
  /// Measured points on the reference network with the reference budget. Both are chosen
  /// once: every table, chart and verdict of the pair reads them.
  public let closed: [MeasuredPoint]
  /// The points the fine-tuned tier compares: the closed view when it fine-tunes, else the
  /// fine-tuning group chosen as `referenceScale` chooses among the groups that fine-tune
  /// (protocol 2's zero-shot grid compares more criteria and takes the closed view, but
  /// has no fine-tuned accuracy; its fine-tuned grid must still be compared).
  public let fineTunedClosed: [MeasuredPoint]

  public init(
    pair: Pair, measured: [MeasuredPoint], recorded: [RecordedPoint], failed: [RunResult]
  ) {
    self.pair = pair
    self.measured = measured
    self.recorded = recorded
    self.failed = failed
    let reference = Self.referenceScale(of: measured)
    referenceScale = reference
    closed = Self.points(of: reference, in: measured)
    fineTunedClosed =
      closed.contains(where: \.fineTunes)
      ? closed
      : Self.points(
        of: Self.referenceScale(of: measured.filter(\.fineTunes)), in: measured)
  }

  static func points(
    of scale: (scale: String, budget: String, originalKey: String)?, in measured: [MeasuredPoint]
  ) -> [MeasuredPoint] {
    guard let scale else { return [] }
    return measured.filter { $0.originalKey == scale.originalKey && $0.budget == scale.budget }
  }

  /// The points whose `tier` accuracies are compared with each other: one original, one
  /// budget (`closed`, or `fineTunedClosed` for the fine-tuned tier).
  public func closed(for tier: Tier) -> [MeasuredPoint] {
    tier == .fineTuned ? fineTunedClosed : closed
  }

  /// The protocol of `closed(for: tier)` (one original and budget, so one protocol), nil
  /// when it is empty: tallies and ranks over pairs are counted per protocol.
  public func protocolName(for tier: Tier) -> String? {
    closed(for: tier).first?.protocolName
  }

  /// Every group of points that fine-tuned — one original network, one budget — from the
  /// smallest budget (in SGD steps) to the largest: the pair page compares OCNNA with the
  /// baselines within each, so that a reader sees whether the ranking changes with the
  /// budget. (Tallies and ranks count only `fineTunedClosed`, never one point twice.)
  public var fineTuningGroups: [[MeasuredPoint]] {
    let groups = Dictionary(grouping: measured.filter(\.fineTunes)) {
      "\($0.originalKey)|\($0.budget)"
    }
    return groups.keys.map { key -> (steps: Int, key: String) in
      (FineTuningBudget(groups[key]![0].results[0]).sgdSteps ?? 0, key)
    }.sorted { ($0.steps, $0.key) < ($1.steps, $1.key) }.map { groups[$0.key]! }
  }

  /// The "closed" comparison's base network and budget: measured under protocol 2 (the
  /// literature's scope, BatchNorm re-estimated) where it compares two criteria or more,
  /// then the one on which the most criteria were measured (OCNNA's readings count as
  /// OCNNA), then the most points. A study of OCNNA's readings beside two baselines has
  /// many points but compares few criteria, and must not displace the grid that compares
  /// them all.
  static func referenceScale(of measured: [MeasuredPoint]) -> (
    scale: String, budget: String, originalKey: String
  )? {
    let counts = Dictionary(grouping: measured) { "\($0.originalKey)|\($0.budget)" }
    func criteria(_ points: [MeasuredPoint]) -> Int {
      Set(points.map { $0.method.split(separator: "/").first.map(String.init) ?? $0.method })
        .count
    }
    func rank(_ points: [MeasuredPoint]) -> [Int] {
      // Protocol 2 comes first once it compares at least two criteria (a grid that has
      // only begun does not take the view with OCNNA alone).
      let compares = criteria(points) >= 2
      let protocolTwo = points[0].results[0].cell.pruningProtocol != nil && compares
      return [protocolTwo ? 1 : 0, criteria(points), points.count]
    }
    // Ties go to the alphabetically first key, so that the choice never depends on order.
    guard
      let best = counts.max(by: { a, b in
        let ra = rank(a.value), rb = rank(b.value)
        return ra != rb ? ra.lexicographicallyPrecedes(rb) : a.key > b.key
      })
    else { return nil }
    let p = best.value[0]
    return (p.scale, p.budget, p.originalKey)
  }

  /// The measured original's top-1 on the reference network.
  public var measuredBaseTop1: Double? { closed.first?.originalTop1 }

  /// OCNNA's headline: its lowest-RPR point within 2 points of drop, else its best drop.
  public var headline: MeasuredPoint? {
    let ocnna = closed.filter { $0.method == CriterionName.ocnna.slug }
    return ocnna.filter { $0.drop <= 2 }.min { $0.rpr < $1.rpr }
      ?? ocnna.min { ($0.drop, $0.rpr) < ($1.drop, $1.rpr) }
  }

  /// The published methods' drops at `rpr`, lowest first (see `PublishedEstimate`).
  public func published(at rpr: Double) -> [PublishedEstimate] {
    PublishedEstimate.all(at: rpr, from: recorded)
  }

  public enum Freshness: String { case fresh, stale, failed, missing }

  /// `missing`: nothing measured; `failed`: some cells failed; `stale`: measured by an
  /// older ocnna version than this one; `fresh` otherwise.
  public var freshness: Freshness {
    if measured.isEmpty && failed.isEmpty { return .missing }
    if !failed.isEmpty { return .failed }
    let versions = Set(measured.flatMap { $0.results.map(\.environment.ocnnaVersion) })
    return versions == [BuildInfo.version] ? .fresh : .stale
  }
}
