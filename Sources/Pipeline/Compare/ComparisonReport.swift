import Foundation
import Results

/// A `ResultComparison` as text or Markdown tables, flagged rows first.
public struct ComparisonReport {
  public var comparison: ResultComparison
  public var showAll: Bool

  public init(_ comparison: ResultComparison, showAll: Bool = false) {
    self.comparison = comparison
    self.showAll = showAll
  }

  public func render(markdown: Bool) -> String {
    let c = comparison
    var out: [String] = []
    let spreadBased =
      c.cells.filter { $0.toleranceBasis != .threshold }.count
      + c.curves.filter { $0.toleranceBasis != .threshold }.count
    let worse = c.cells.filter(\.worse).count + c.curves.filter(\.worse).count
    let verdict =
      c.regressed
      ? "\(worse) regression(s) beyond the tolerance"
      : "no regression beyond the tolerance"
    let rule =
      "tolerance: the 95 % half-width from both sides' seed spread (Student's t) where each side has 2 or more seeds, else \(format(c.threshold)) points (\(spreadBased) of \(c.cells.count + c.curves.count) from the spread)"
    out.append(
      markdown
        ? "## ocnna compare: \(verdict)\n"
        : "compare: \(verdict)\n\(rule)")
    if markdown {
      out.append(
        "\(c.cells.count) cells matched, \(c.onlyBefore.count) only before, \(c.onlyAfter.count) only after; \(rule).\n"
      )
    } else {
      out.append(
        "\(c.cells.count) cells matched, \(c.onlyBefore.count) only before, \(c.onlyAfter.count) only after"
      )
    }
    let curves = c.curves.filter { showAll || $0.flagged }
    if !c.curves.isEmpty {
      let names = c.curves.first?.summaries.map(\.name) ?? []
      var rows: [[String]] = []
      for curve in curves {
        rows.append(
          [mark(curve.worse, curve.flagged), curve.curve]
            + curve.summaries.map { s in
              "\(s.before.map(format) ?? "–") → \(s.after.map(format) ?? "–")\(s.delta.map { " (\(signed($0)))" } ?? "")"
            })
      }
      out.append(
        markdown
          ? "### Trade-off curves (accuracy drop, points)\n"
          : "\ntrade-off curves (accuracy drop, points):")
      out.append(
        rows.isEmpty
          ? "  (\(c.curves.count) curves, none flagged)"
          : table(["", "curve"] + names, rows, markdown: markdown))
    }
    let cells = c.cells.filter { showAll || $0.flagged }
    out.append(markdown ? "\n### Cells\n" : "\ncells:")
    if cells.isEmpty {
      out.append("  (\(c.cells.count) cells, none flagged)")
    } else {
      out.append(
        table(
          ["", "cell", "drop", "RPR", "status"],
          cells.map { cell in
            [
              mark(cell.worse, cell.flagged), cell.label,
              "\(cell.dropBefore.map(format) ?? "–") → \(cell.dropAfter.map(format) ?? "–")",
              "\(cell.rprBefore.map { String(format: "%.3f", $0) } ?? "–") → \(cell.rprAfter.map { String(format: "%.3f", $0) } ?? "–")",
              cell.statusBefore == cell.statusAfter
                ? cell.statusAfter.rawValue
                : "\(cell.statusBefore.rawValue) → \(cell.statusAfter.rawValue)",
            ]
          }, markdown: markdown))
    }
    for (title, labels) in [("only before", c.onlyBefore), ("only after", c.onlyAfter)]
    where !labels.isEmpty {
      out.append(
        "\n\(title): \(labels.count) cell(s)\(labels.count <= 5 ? ": " + labels.joined(separator: "; ") : "")"
      )
    }
    return out.joined(separator: "\n")
  }

  func mark(_ worse: Bool, _ flagged: Bool) -> String {
    worse ? "WORSE" : flagged ? "better" : ""
  }

  func format(_ x: Double) -> String { String(format: "%.2f", x) }
  func signed(_ x: Double) -> String { String(format: "%+.2f", x) }

  func table(_ header: [String], _ rows: [[String]], markdown: Bool) -> String {
    if markdown {
      let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
      return ([header] + [header.map { _ in "---" }] + rows.map { $0.map(escape) }).map {
        "| " + $0.joined(separator: " | ") + " |"
      }.joined(separator: "\n")
    }
    let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
    return ([header] + rows).map { row in
      "  "
        + row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
        .joined(separator: "  ")
    }.joined(separator: "\n")
  }
}
