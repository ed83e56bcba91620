import Foundation
import Results

/// The criteria as the fine-tuning budget grows (protocol 2's budget curve): wherever one
/// pair and original network was measured at one `ratio` operating point (identical
/// architectures for every criterion) with one fine-tuning budget or more and another
/// criterion fine-tuned beside it, each criterion's drop per budget with its per-seed values
/// and its rank among the criteria of that budget, and OCNNA's paired verdict against each
/// of them. The first column is no fine-tuning: the zero-shot tier, each criterion read from
/// its no-fine-tuning results where they exist, else from its fine-tuned results' own
/// zero-shot accuracy (the same pruned network before its first step) at its budget with
/// the most seeds. Does the ranking persist, or do the criteria converge, as the budget
/// grows? With one budget the study is the zero-shot tier beside the fine-tuned one: does
/// fine-tuning change the ranking?
public struct BudgetStudy: Sendable {
  /// One budget.
  public struct Column: Sendable {
    /// `no fine-tuning`, `kd 3 ep on all train images`.
    public var label: String
    /// Image passes (0 for no fine-tuning), for the order and the chart's axis.
    public var imagePasses: Int
    /// `1,170 SGD steps`, or empty when unknown or none.
    public var steps: String
    public var tier: Tier
  }

  /// A criterion's value at one budget.
  public struct Value: Sendable {
    public var drop: Double
    public var interval: Double
    public var seedDrops: [Double]
    /// 1 for the lowest mean drop of the column.
    public var rank: Int
    /// For the baselines (not OCNNA's other readings, as on the pair pages): OCNNA (the
    /// paper's reading) against this one at this budget — the difference is OCNNA's drop
    /// minus this one's; a paired t-test with Holm's correction over the column's baselines.
    public var versusOCNNA: MatchedComparison.Entry?
    public var runLink: String
  }

  public struct Row: Sendable {
    public var method: String
    /// One per column, nil where it did not run.
    public var values: [Value?]
  }

  public var pair: Pair
  public var scale: String
  /// The pruning protocol every point of the study shares.
  public var protocolName: String
  /// The original network's top-1 in percent: two originals of one pair can share a
  /// description (the shared weights fine-tuned by two engine versions).
  public var originalTop1: Double
  public var policy: String
  public var rpr: Double
  public var columns: [Column]
  public var rows: [Row]
  /// The fewest seeds of any value.
  public var seeds: Int

  /// Whether `column` keeps no fine-tuning's order: Kendall's τ_b between the mean drops
  /// of the criteria measured at both (the first column ranks every criterion tier 1
  /// measured, later ones only those fine-tuned, so their ranks alone do not compare), with
  /// those criteria. Nil for the first column or where fewer than two criteria are shared.
  public func rankAgreement(column: Int) -> (tau: Double, methods: [String])? {
    guard column > 0 else { return nil }
    let shared = rows.compactMap { row -> (String, Double, Double)? in
      guard column < row.values.count, let zeroShot = row.values[0], let here = row.values[column]
      else { return nil }
      return (row.method, zeroShot.drop, here.drop)
    }
    guard let tau = KendallTau.tauB(shared.map(\.1), shared.map(\.2)) else { return nil }
    return (tau, shared.map(\.0))
  }

  /// Every study in `model`, by pair, then original, scale and operating point.
  public static func all(_ model: ReportModel) -> [BudgetStudy] {
    model.pairs.flatMap { report -> [BudgetStudy] in
      let groups = Dictionary(
        grouping: report.measured.filter { $0.policyKind == .ratio }
      ) { [$0.originalKey, $0.scale, $0.protocolName, $0.policy].joined(separator: "|") }
      return groups.keys.sorted().compactMap { study(report.pair, groups[$0]!) }
    }
  }

  /// A budget without its protocol (`kd 3 ep on all train images`).
  static func budgetOnly(_ point: MeasuredPoint) -> String {
    point.budget.components(separatedBy: " · ").first ?? point.budget
  }

  /// The study of one pair, original and operating point, or nil unless OCNNA (the
  /// paper's reading) and another criterion were fine-tuned at one budget or more there.
  static func study(_ pair: Pair, _ points: [MeasuredPoint]) -> BudgetStudy? {
    let paper = CriterionName.ocnna.slug
    let tuned = points.filter(\.fineTunes)
    let budgets = Set(tuned.filter { $0.method == paper }.map(\.budget))
    guard tuned.contains(where: { $0.method != paper && budgets.contains($0.budget) }) else {
      return nil
    }
    let passes = { (point: MeasuredPoint) in
      FineTuningBudget(point.results[0]).imagePasses ?? 0
    }
    // One column per budget, the fewest image passes first; no fine-tuning before them.
    var firstOf: [String: MeasuredPoint] = [:]
    for point in tuned where budgets.contains(point.budget) && firstOf[point.budget] == nil {
      firstOf[point.budget] = point
    }
    let ordered = budgets.sorted { (passes(firstOf[$0]!), $0) < (passes(firstOf[$1]!), $1) }
    let steps = { (point: MeasuredPoint) in
      FineTuningBudget(point.results[0]).sgdSteps.map {
        "\(FineTuningBudget.grouped($0)) SGD steps"
      } ?? ""
    }
    let columns =
      [Column(label: "no fine-tuning", imagePasses: 0, steps: "", tier: .zeroShot)]
      + ordered.map {
        Column(
          label: budgetOnly(firstOf[$0]!), imagePasses: passes(firstOf[$0]!),
          steps: steps(firstOf[$0]!), tier: .fineTuned)
      }
    // Each column's points: the budget's own; for no fine-tuning, per criterion, its
    // no-fine-tuning point, else its fine-tuned point with the most seeds (the fewest image
    // passes first) read in its zero-shot tier: the same pruned network before its first
    // step, BatchNorm re-estimated alike.
    let untuned = points.filter { !$0.fineTunes }
    let zeroShot = Set(points.map(\.method)).sorted().compactMap { method in
      untuned.first { $0.method == method }
        ?? tuned.filter { $0.method == method }.min {
          (-$0.seeds, passes($0), $0.budget) < (-$1.seeds, passes($1), $1.budget)
        }
    }
    let cells: [[MeasuredPoint]] =
      [zeroShot] + ordered.map { budget in tuned.filter { $0.budget == budget } }
    let methods =
      MethodNames.displayOrder.filter { m in points.contains { $0.method == m } }
      + Set(points.map(\.method)).subtracting(MethodNames.displayOrder).sorted()
    var values = [String: [Value?]]()
    for (column, here) in zip(columns, cells) {
      let ranked = here.sorted { $0.drop(column.tier) < $1.drop(column.tier) }.map(\.method)
      let ocnna = here.first { $0.method == paper }
      // The family of the pair pages: OCNNA's other readings are not its baselines.
      let others = here.filter { !$0.method.hasPrefix(paper) }
      let entries = ocnna.map { MatchedComparison.entries($0, others, tier: column.tier) } ?? []
      for method in methods {
        values[method, default: []].append(
          here.first { $0.method == method }.map { p in
            Value(
              drop: p.drop(column.tier), interval: p.dropInterval(column.tier),
              seedDrops: p.seedDrops(column.tier), rank: (ranked.firstIndex(of: method) ?? 0) + 1,
              versusOCNNA: entries.first { $0.baseline == method }, runLink: p.runLink)
          })
      }
    }
    return BudgetStudy(
      pair: pair, scale: points[0].scale, protocolName: points[0].protocolName,
      originalTop1: points[0].originalTop1, policy: points[0].policy,
      rpr: MeasuredPoint.mean(points.map(\.rpr)), columns: columns,
      rows: methods.map { Row(method: $0, values: values[$0] ?? []) },
      seeds: cells.joined().map(\.seeds).min() ?? 0)
  }
}
