import Foundation
import Results

/// The README's headline table, generated from the results (never typed by hand): the
/// block between `<!-- headline:begin -->` and `<!-- headline:end -->` is replaced by one
/// row per measured pair, OCNNA beside the baselines at the reference network's RPRs.
public enum ReadmeHeadline {
  static let begin = "<!-- headline:begin -->"
  static let end = "<!-- headline:end -->"

  /// The Markdown table for `model`.
  static func table(_ model: ReportModel) -> String {
    var rows: [[String]] = []
    for report in model.pairs where !report.closed.isEmpty {
      // The tier the closed view's cells answer for: fine-tuned where they fine-tuned,
      // zero-shot where their budget was none (protocol 2's tier 1).
      let tier: Tier = report.closed.contains(where: \.fineTunes) ? .fineTuned : .zeroShot
      let comparisons = Dictionary(
        MatchedComparison.all(report, tier: tier).map { ($0.policy, $0) },
        uniquingKeysWith: { a, _ in a })
      // Matched operating points: a target RPR, or the same fraction of every layer.
      let byPolicy = Dictionary(
        grouping: report.closed.filter { $0.policyKind == .targetRPR || $0.policyKind == .ratio }
      ) { $0.policy }
      for policy in byPolicy.keys.sorted() {
        let points = byPolicy[policy]!.sorted {
          (MethodNames.displayOrder.firstIndex(of: $0.method) ?? 99)
            < (MethodNames.displayOrder.firstIndex(of: $1.method) ?? 99)
        }
        let cells = points.map { p in
          "\(MethodNames.name(p.method)) \(SVG.value(p.drop(tier))) ± \(SVG.value(p.dropInterval(tier))) (\(p.seeds) seed\(p.seeds == 1 ? "" : "s"))"
        }
        // Protocol 2's budgets name their scope; protocol 1's are named here.
        let protocolOne =
          points[0].protocolName == PruningProtocol.name(nil) ? " · \(points[0].protocolName)" : ""
        let measuredAt = [
          report.referenceScale?.scale ?? "", (report.referenceScale?.budget ?? "") + protocolOne,
          "\(tier.rawValue) accuracy",
          "original top-1 \(report.measuredBaseTop1.map { SVG.value($0) } ?? "?")%",
        ].joined(separator: "; ")
        rows.append([
          report.pair.title, measuredAt,
          "\(policy) (RPR \(SVG.value(points.map(\.rpr).reduce(0, +) / Double(points.count), digits: 2)))",
          cells.joined(separator: "; "),
          [CriterionName.random.slug, CriterionName.l1.slug].compactMap {
            comparisons[policy]?.phrase(for: $0)
          }.joined(
            separator: "; "),
        ])
      }
    }
    guard !rows.isEmpty else {
      return
        "No measured results yet: run a grid (`ocnna run cifar10-cpu`) and `ocnna site --readme README.md`.\n"
    }
    return ExportTable(
      header: [
        "pair", "measured at", "operating point",
        "accuracy drop in points (lower is better; ± 95 % interval: test sample and seeds)",
        "OCNNA against random and L1 (difference ± 95 %)",
      ],
      rows: rows
    ).markdown
  }

  /// `readme` with its headline block replaced, or an error when the markers are missing.
  public static func update(_ readme: String, model: ReportModel) throws -> String {
    guard let start = readme.range(of: begin), let stop = readme.range(of: end),
      start.upperBound <= stop.lowerBound
    else {
      throw SpecError(
        path: "README.md",
        message: "has no \(begin) … \(end) block; add the two markers where the table goes")
    }
    return String(readme[..<start.upperBound]) + "\n" + table(model)
      + String(readme[stop.lowerBound...])
  }
}
