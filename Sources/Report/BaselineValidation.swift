import Foundation
import Results

/// A recorded-method file that breaks a rule: the file, the JSON path and the rule.
public struct BaselineError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var jsonPath: String
  public var rule: String

  public var description: String { "\(path): \(jsonPath): \(rule)" }
}

/// Reads and checks `Data/baselines/*.json`: every field's type, no unknown fields, and the
/// numbers' plausibility (accuracies in [0, 100], reductions in [0, 100), a drop that
/// matches its accuracies, a parameter count that matches its reduction).
public enum BaselineValidation {
  public static let methodFields: [String: String] = [
    "schemaVersion": "integer", "method": "string", "citation": "string", "year": "integer",
    "venue": "string", "entries": "array", "fineTuning": "array?",
  ]
  public static let fineTuningFields: [String: String] = [
    "dataset": "string", "architectures": "array?", "epochs": "number",
    "perPrunedLayer": "boolean?",
    "batchSize": "integer", "trainingImages": "integer", "recipe": "string?", "source": "string",
    "sourceKind": "string",
  ]
  public static let entryFields: [String: String] = [
    "architecture": "string", "dataset": "string", "variant": "string", "baselineTop1": "number?",
    "prunedTop1": "number?",
    "accuracyDrop": "number?", "accuracyDropComputed": "boolean?", "baselineTop5": "number?",
    "prunedTop5": "number?",
    "parametersBaselineM": "number?", "parametersPrunedM": "number?",
    "parametersReductionPct": "number?",
    "flopsReductionPct": "number?", "source": "string", "sourceKind": "string", "notes": "string?",
    "citation": "string?",
  ]
  static let required: Set<String> = [
    "schemaVersion", "method", "citation", "year", "venue", "entries", "architecture", "dataset",
    "variant", "source", "sourceKind", "epochs", "batchSize", "trainingImages",
  ]

  /// Reads one file, or every error found in it (at most 20).
  public static func read(_ url: URL) throws -> RecordedMethod {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw BaselineErrors([BaselineError(path: url.path, jsonPath: "$", rule: "cannot be read")])
    }
    return try parse(data, path: url.path)
  }

  /// The recorded method in `data`, the contents of `path`, or every error found in it (at
  /// most 20). (The fuzz target for recorded methods calls this.)
  public static func parse(_ data: Data, path: String) throws -> RecordedMethod {
    let url = URL(fileURLWithPath: path)
    do { try JSONFile.checkSyntax(data, path: url.path) } catch let error as SpecError {
      throw BaselineErrors([
        BaselineError(path: error.path, jsonPath: error.jsonPath, rule: error.message)
      ])
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) else {
      throw BaselineErrors([BaselineError(path: url.path, jsonPath: "$", rule: "is not valid JSON")]
      )
    }
    var errors: [BaselineError] = []
    func fail(_ jsonPath: String, _ rule: String) {
      errors.append(BaselineError(path: url.path, jsonPath: jsonPath, rule: rule))
    }
    checkFields(object, "$", methodFields, fail)
    if let top = object as? [String: Any] {
      if let version = top["schemaVersion"] as? Int, version > RecordedMethod.currentSchemaVersion {
        fail(
          "$.schemaVersion",
          "version \(version) is newer than this ocnna understands (\(RecordedMethod.currentSchemaVersion)); update ocnna"
        )
      }
      if let year = top["year"] as? Int, !(1980...2100).contains(year) {
        fail("$.year", "year \(year) is not plausible")
      }
      if let entries = top["entries"] as? [Any] {
        if entries.isEmpty { fail("$.entries", "must hold at least one result") }
        for (i, entry) in entries.enumerated() {
          let path = "$.entries[\(i)]"
          checkFields(entry, path, entryFields, fail)
          if let e = entry as? [String: Any] { checkNumbers(e, path, fail) }
        }
      }
      if let budgets = top["fineTuning"] as? [Any] {
        for (i, budget) in budgets.enumerated() {
          let path = "$.fineTuning[\(i)]"
          checkFields(budget, path, fineTuningFields, fail)
          if let b = budget as? [String: Any] { checkFineTuning(b, path, fail) }
        }
      }
    }
    guard errors.isEmpty else { throw BaselineErrors(Array(errors.prefix(20))) }
    do {
      return try JSONDecoder().decode(RecordedMethod.self, from: data)
    } catch {
      throw BaselineErrors([
        BaselineError(
          path: url.path, jsonPath: "$",
          rule: "does not decode: \(SpecError.decoding(error, path: url.path).message)")
      ])
    }
  }

  static func checkFields(
    _ value: Any, _ path: String, _ fields: [String: String], _ fail: (String, String) -> Void
  ) {
    guard let object = value as? [String: Any] else { return fail(path, "must be an object") }
    for key in object.keys.sorted() where fields[key] == nil {
      fail(
        "\(path).\(key)", "unknown field; allowed: \(fields.keys.sorted().joined(separator: ", "))")
    }
    for (key, type) in fields.sorted(by: { $0.key < $1.key }) {
      let optional = type.hasSuffix("?")
      let base = optional ? String(type.dropLast()) : type
      guard let field = object[key], !(field is NSNull) else {
        if !optional && required.contains(key) { fail("\(path).\(key)", "is required (\(base))") }
        continue
      }
      let isBool = (field as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
      let ok: Bool
      switch base {
      case "string":
        ok = field is String && !(field as! String).trimmingCharacters(in: .whitespaces).isEmpty
      case "integer":
        ok =
          !isBool
          && (field as? NSNumber).map { Double(truncating: $0).rounded() == Double(truncating: $0) }
            ?? false
      case "number": ok = !isBool && field is NSNumber && (field as! NSNumber).doubleValue.isFinite
      case "boolean": ok = isBool
      case "array": ok = field is [Any]
      default: ok = true
      }
      if !ok {
        fail("\(path).\(key)", "must be \(base == "string" ? "a non-empty string" : "a \(base)")")
      } else if key != "notes", let text = field as? String,
        text.contains(where: { $0 == "\t" || $0.isNewline })
      {
        // Other control characters are refused for every project file by the strict JSON
        // check; a name, a source or a citation must also stay on one line.
        fail("\(path).\(key)", "holds a tab or a line break; keep it on one line")
      }
    }
  }

  /// A published budget's numbers: epochs in (0, 10,000], at least one image per batch and
  /// per epoch, architectures named.
  static func checkFineTuning(
    _ b: [String: Any], _ path: String, _ fail: (String, String) -> Void
  ) {
    if let epochs = (b["epochs"] as? NSNumber)?.doubleValue, !(epochs > 0 && epochs <= 10_000) {
      fail("\(path).epochs", "must be in (0, 10000] epochs")
    }
    for key in ["batchSize", "trainingImages"] {
      if let n = (b[key] as? NSNumber)?.doubleValue, n < 1 {
        fail("\(path).\(key)", "must be at least 1")
      }
    }
    if let names = b["architectures"] as? [Any],
      names.isEmpty
        || !names.allSatisfy({
          ($0 as? String).map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? false
        })
    {
      fail("\(path).architectures", "must list architecture names (omit it to mean all)")
    }
  }

  static func checkNumbers(_ e: [String: Any], _ path: String, _ fail: (String, String) -> Void) {
    func number(_ key: String) -> Double? {
      guard let n = e[key] as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
      return n.doubleValue
    }
    for key in ["baselineTop1", "prunedTop1", "baselineTop5", "prunedTop5"] {
      if let v = number(key), !(0...100).contains(v) {
        fail("\(path).\(key)", "accuracy \(v) is not in [0, 100] percent")
      }
    }
    for key in ["parametersReductionPct", "flopsReductionPct"] {
      if let v = number(key), !(v >= 0 && v < 100) {
        fail(
          "\(path).\(key)",
          "reduction \(v) % is impossible (a remaining ratio of \(1 - v / 100)); it must be in [0, 100)"
        )
      }
    }
    for key in ["parametersBaselineM", "parametersPrunedM"] {
      if let v = number(key), v <= 0 {
        fail("\(path).\(key)", "parameter count \(v) M must be positive")
      }
    }
    // A drop the source printed (accuracyDropComputed false) is kept as printed even where
    // it disagrees with the accuracies (baselines.md lists such typos); a computed one must match.
    let printed =
      (e["accuracyDropComputed"] as? NSNumber).map {
        String(cString: $0.objCType) == "c" && !$0.boolValue
      } ?? false
    if !printed, let base = number("baselineTop1"), let pruned = number("prunedTop1"),
      let drop = number("accuracyDrop"),
      abs(base - pruned - drop) > 0.015
    {
      fail(
        "\(path).accuracyDrop",
        "drop \(drop) does not equal baselineTop1 − prunedTop1 = \(String(format: "%.2f", base - pruned))"
      )
    }
    if let base = number("parametersBaselineM"), let pruned = number("parametersPrunedM"),
      pruned > base * 1.001
    {
      fail(
        "\(path).parametersPrunedM",
        "the pruned network (\(pruned) M) is larger than the baseline (\(base) M)")
    }
  }

  /// Reads every `*.json` in `folder`, sorted by name; all errors of all files together.
  public static func readAll(_ folder: URL) throws -> [RecordedMethod] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
      $0.hasSuffix(".json")
    }.sorted()
    var methods: [RecordedMethod] = []
    var errors: [BaselineError] = []
    var pages: [String: String] = [:]
    for name in names {
      let url = folder.appendingPathComponent(name)
      do {
        let method = try read(url)
        // Each method gets a page named by its slug: an empty slug or one shared by two
        // files would make one page overwrite another.
        let slug = RecordedMethod.slug(method.method)
        if slug.isEmpty {
          errors.append(
            BaselineError(
              path: url.path, jsonPath: "$.method",
              rule:
                "'\(method.method)' has no ASCII letter or digit, so it gives no page name; spell the method with at least one"
            ))
        } else if let other = pages[slug] {
          errors.append(
            BaselineError(
              path: url.path, jsonPath: "$.method",
              rule:
                "'\(method.method)' gives the page name '\(slug)', as \(other) does; merge the two files or rename one method"
            ))
        } else {
          pages[slug] = url.path
          methods.append(method)
        }
      } catch let found as BaselineErrors {
        errors += found.errors
      }
    }
    if !errors.isEmpty { throw BaselineErrors(errors) }
    return methods
  }
}

/// Every rule a set of files broke, one per line.
public struct BaselineErrors: Error, CustomStringConvertible {
  public var errors: [BaselineError]
  public init(_ errors: [BaselineError]) { self.errors = errors }
  public var description: String {
    "\(errors.count) problem(s) in recorded methods:\n"
      + errors.map { "  \($0)" }.joined(separator: "\n")
  }
}
