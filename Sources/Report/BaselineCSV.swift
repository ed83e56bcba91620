import Foundation

/// Converts `../shared/reference/baselines.csv` (conventions in `baselines.md` beside it)
/// into one `RecordedMethod` per method, keeping every row, disagreeing ones included.
public enum BaselineCSV {
  /// The columns the file must have.
  static let columns = [
    "method", "citation", "year", "venue", "architecture", "dataset", "variant", "baseline_top1",
    "pruned_top1",
    "acc_drop", "acc_drop_computed", "params_baseline_m", "params_pruned_m", "params_reduction_pct",
    "flops_reduction_pct", "baseline_top5", "pruned_top5", "source", "source_kind", "notes",
  ]

  /// The rows of an RFC 4180 CSV text (quoted fields, doubled quotes, newlines in quotes).
  public static func rows(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, afterQuote = false
    for character in text {
      if quoted {
        if character == "\"" { quoted = false; afterQuote = true } else { field.append(character) }
        continue
      }
      switch character {
      case "\"":
        if afterQuote { field.append("\"") }
        quoted = true
        afterQuote = false
      case ",":
        row.append(field)
        field = ""
        afterQuote = false
      case "\n", "\r\n":
        row.append(field)
        rows.append(row)
        row = []
        field = ""
        afterQuote = false
      case "\r":
        continue
      default:
        field.append(character)
        afterQuote = false
      }
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }

  /// The columns that hold numbers: an empty field is "not reported", anything else must
  /// parse, so that a typo such as `93.5x` is an error instead of a silent omission.
  static let numberColumns = [
    "year", "baseline_top1", "pruned_top1", "acc_drop", "params_baseline_m", "params_pruned_m",
    "params_reduction_pct", "flops_reduction_pct", "baseline_top5", "pruned_top5",
  ]

  /// The methods of the CSV at `url`, each with its rows in file order; every malformed
  /// row is reported (line and column) before anything is returned.
  public static func methods(from url: URL) throws -> [RecordedMethod] {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw BaselineErrors([
        BaselineError(path: url.path, jsonPath: "$", rule: "cannot be read as UTF-8 text")
      ])
    }
    let all = rows(text)
    guard let header = all.first, header == columns else {
      throw BaselineErrors([
        BaselineError(
          path: url.path, jsonPath: "line 1",
          rule: "the header must be \(columns.joined(separator: ","))")
      ])
    }
    var order: [String] = []
    var grouped: [String: [[String: String]]] = [:]
    var errors: [BaselineError] = []
    for (number, values) in all.dropFirst().enumerated()
    where !(values.count == 1 && values[0].isEmpty) {
      let line = "line \(number + 2)"
      guard values.count == columns.count else {
        errors.append(
          BaselineError(
            path: url.path, jsonPath: line,
            rule: "has \(values.count) fields, not \(columns.count)"))
        continue
      }
      let row = Dictionary(uniqueKeysWithValues: zip(columns, values))
      for column in numberColumns {
        let field = row[column]!.trimmingCharacters(in: .whitespaces)
        if !field.isEmpty && Double(field).map(\.isFinite) != true {
          errors.append(
            BaselineError(
              path: url.path, jsonPath: "\(line), \(column)",
              rule: "'\(field)' is not a number; write the number or leave the field empty"))
        }
      }
      let method = row["method"]!.trimmingCharacters(in: .whitespaces)
      if RecordedMethod.slug(method).isEmpty {
        errors.append(
          BaselineError(
            path: url.path, jsonPath: "\(line), method",
            rule: "'\(method)' names no method (it needs at least one ASCII letter or digit)"))
        continue
      }
      if grouped[row["method"]!] == nil { order.append(row["method"]!) }
      grouped[row["method"]!, default: []].append(row)
    }
    guard errors.isEmpty else { throw BaselineErrors(errors) }
    return try order.map { name in
      let rows = grouped[name]!
      // The method's citation is its most common one; rows citing otherwise keep theirs.
      let counts = Dictionary(grouping: rows) { $0["citation"]! }.mapValues(\.count)
      let citation = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
      let first = rows.first { $0["citation"] == citation }!
      guard let year = Int(first["year"]!) else {
        throw BaselineErrors([
          BaselineError(
            path: url.path, jsonPath: "method \(name)",
            rule: "year '\(first["year"]!)' is not a number")
        ])
      }
      return RecordedMethod(
        schemaVersion: RecordedMethod.currentSchemaVersion, method: name, citation: citation,
        year: year,
        venue: first["venue"]!, entries: rows.map { entry($0, methodCitation: citation) })
    }
  }

  static func entry(_ row: [String: String], methodCitation: String) -> RecordedMethod.Entry {
    func number(_ key: String) -> Double? { Double(row[key]!.trimmingCharacters(in: .whitespaces)) }
    func text(_ key: String) -> String? { row[key]!.isEmpty ? nil : row[key] }
    let own =
      row["citation"] == methodCitation
      ? nil : "\(row["citation"]!) (\(row["year"]!), \(row["venue"]!))"
    return RecordedMethod.Entry(
      architecture: row["architecture"]!, dataset: row["dataset"]!, variant: row["variant"]!,
      baselineTop1: number("baseline_top1"), prunedTop1: number("pruned_top1"),
      accuracyDrop: number("acc_drop"),
      accuracyDropComputed: row["acc_drop_computed"] == ""
        ? nil : row["acc_drop_computed"] == "yes",
      baselineTop5: number("baseline_top5"), prunedTop5: number("pruned_top5"),
      parametersBaselineM: number("params_baseline_m"),
      parametersPrunedM: number("params_pruned_m"),
      parametersReductionPct: number("params_reduction_pct"),
      flopsReductionPct: number("flops_reduction_pct"),
      source: row["source"]!, sourceKind: row["source_kind"]!, notes: text("notes"), citation: own)
  }

  /// A skeleton for a new method, valid as it stands, for a contributor to fill in.
  public static func skeleton(method: String) -> RecordedMethod {
    RecordedMethod(
      schemaVersion: RecordedMethod.currentSchemaVersion, method: method,
      citation: "Authors - Title of the paper", year: 2024, venue: "Venue",
      entries: [
        RecordedMethod.Entry(
          architecture: "ResNet-56", dataset: "CIFAR-10",
          variant: "the configuration as the source names it",
          baselineTop1: 93.0, prunedTop1: 92.5, accuracyDrop: 0.5, accuracyDropComputed: true,
          baselineTop5: nil,
          prunedTop5: nil, parametersBaselineM: 0.85, parametersPrunedM: 0.5,
          parametersReductionPct: 41.2,
          flopsReductionPct: nil, source: "where the numbers were read, with a commit id or page",
          sourceKind: "own authors - paper table",
          notes: "conversions, caveats, disagreements with other sources",
          citation: nil)
      ])
  }
}
