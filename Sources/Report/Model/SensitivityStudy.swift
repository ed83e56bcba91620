import Foundation
import Results

/// OCNNA's readings side by side (docs/method.md §2–§4): wherever two or more of them ran
/// on one pair, original network and fine-tuning budget at the same `ratio` operating
/// points (hence identical architectures), each reading's drop per operating point and
/// tier with its per-seed values, its paired comparison with the paper's reading (`post`)
/// and with Random and L1 measured on the same networks (also shown as reference rows).
///
/// This is the project's own sensitivity study, measured: the journal version of OCNNA
/// has one, which could not be consulted, so nothing here is compared with it.
public struct SensitivityStudy: Sendable {
  /// One operating point of one tier.
  public struct Column: Sendable {
    public var policy: String
    public var tier: Tier
    /// The fraction of every prunable layer's channels removed.
    public var ratio: Double
    public var rpr: Double
  }

  /// A reading's (or a reference's) value at one column.
  public struct Value: Sendable {
    public var drop: Double
    public var interval: Double
    public var seedDrops: [Double]
    /// Against the paper's reading, for the other readings: the difference is the
    /// paper's drop minus this reading's (negative: the paper's reading lost less), with
    /// a paired t-test and Holm's correction over the readings of the column.
    public var versusPaper: MatchedComparison.Entry?
    /// Against each reference measured at the same point, for every reading: the
    /// difference is this reading's drop minus the reference's (negative: the reading lost
    /// less), a paired t-test with Holm's correction over the references.
    public var versusReferences: [MatchedComparison.Entry] = []
    public var runLink: String
  }

  public struct Row: Sendable {
    /// `ocnna`, `ocnna/raw`, … or a reference criterion.
    public var method: String
    /// What the reading is (`OCNNAVariant.meaning`), or "reference".
    public var meaning: String
    public var isReference: Bool
    /// One per column, nil where it did not run.
    public var values: [Value?]
  }

  public var pair: Pair
  public var scale: String
  public var budget: String
  public var columns: [Column]
  public var rows: [Row]
  public var seeds: Int

  /// The criteria drawn beside the readings, for scale.
  static let references = [CriterionName.random.slug, CriterionName.l1.slug]

  /// Every study in `model`, by pair, then scale and budget.
  public static func all(_ model: ReportModel) -> [SensitivityStudy] {
    model.pairs.flatMap { report -> [SensitivityStudy] in
      let ratioPoints = report.measured.filter { $0.policyKind == .ratio }
      let groups = Dictionary(grouping: ratioPoints) {
        [$0.originalKey, $0.scale, $0.budget].joined(separator: "|")
      }
      return groups.keys.sorted().compactMap { study(report.pair, groups[$0]!) }
    }
  }

  /// The study of one pair, original and budget, or nil when fewer than two readings ran.
  static func study(_ pair: Pair, _ points: [MeasuredPoint]) -> SensitivityStudy? {
    let paper = CriterionName.ocnna.slug
    let readings = OCNNAVariant.all.map { $0 == .post ? paper : "\(paper)/\($0.slug)" }
      .filter { reading in points.contains { $0.method == reading } }
    guard readings.count >= 2, readings.first == paper else { return nil }
    let paperPoints = points.filter { $0.method == paper }.sorted { ratio(of: $0) < ratio(of: $1) }
    let fineTunes = paperPoints.contains(where: \.fineTunes)
    let tiers: [Tier] = fineTunes ? [.zeroShot, .fineTuned] : [.zeroShot]
    let columns = tiers.flatMap { tier in
      paperPoints.map {
        Column(policy: $0.policy, tier: tier, ratio: ratio(of: $0), rpr: $0.rpr)
      }
    }
    let references = references.filter { reference in points.contains { $0.method == reference } }
    var values = [String: [Value?]]()
    for column in columns {
      let here = points.filter { $0.policy == column.policy }
      guard let paperPoint = here.first(where: { $0.method == paper }) else { continue }
      let others = readings.dropFirst().compactMap { reading in
        here.first { $0.method == reading }
      }
      let entries = MatchedComparison.entries(paperPoint, others, tier: column.tier)
      let referencePoints = references.compactMap { reference in
        here.first { $0.method == reference }
      }
      for method in readings + references {
        let point = here.first { $0.method == method }
        values[method, default: []].append(
          point.map { p in
            Value(
              drop: p.drop(column.tier), interval: p.dropInterval(column.tier),
              seedDrops: p.seedDrops(column.tier),
              versusPaper: entries.first { $0.baseline == method },
              versusReferences: readings.contains(method)
                ? MatchedComparison.entries(p, referencePoints, tier: column.tier) : [],
              runLink: p.runLink)
          })
      }
    }
    let rows =
      readings.map { reading in
        Row(
          method: reading, meaning: meaning(reading), isReference: false,
          values: values[reading] ?? [])
      }
      + references.map {
        Row(
          method: $0, meaning: "reference: the same networks pruned by \(MethodNames.name($0))",
          isReference: true, values: values[$0] ?? [])
      }
    return SensitivityStudy(
      pair: pair, scale: paperPoints[0].scale, budget: paperPoints[0].budget, columns: columns,
      rows: rows, seeds: points.filter { readings.contains($0.method) }.map(\.seeds).min() ?? 0)
  }

  static func ratio(of point: MeasuredPoint) -> Double {
    if case .ratio(let r, _) = point.results[0].cell.policy { return r }
    return .nan
  }

  /// What a reading is, from the one catalogue of them.
  static func meaning(_ method: String) -> String {
    OCNNAVariant.labelled(method)?.meaning ?? method
  }
}
