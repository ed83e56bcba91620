import Foundation
import Report
import Results
import TestSupport
import Testing

/// The recorded methods in `Data/baselines`: complete against the shared CSV, and every
/// malformed file rejected with its file, JSON path and rule.
struct BaselineTests {
  static let folder = SharedData.projectRoot.appendingPathComponent("Data/baselines")

  @Test func theCommittedFilesAreValid() throws {
    let methods = try BaselineValidation.readAll(Self.folder)
    #expect(methods.count == 42)
    #expect(methods.reduce(0) { $0 + $1.entries.count } == 287)
  }

  @Test(
    .enabled(
      if: SharedData.reference("baselines.csv") != nil,
      "../shared/reference/baselines.csv is not present (a fresh clone has no ../shared)"))
  func theCommittedFilesHoldEveryCSVRow() throws {
    let methods = try BaselineValidation.readAll(Self.folder)
    let csv = try #require(SharedData.reference("baselines.csv"))
    // The committed files are exactly what the converter makes of the CSV today, beside
    // the published budgets, which the CSV has no column for (recorded in the files).
    let converted = try BaselineCSV.methods(from: csv)
    #expect(converted.reduce(0) { $0 + $1.entries.count } == 287)
    let withoutBudgets = methods.map {
      var method = $0
      method.fineTuning = nil
      return method
    }
    #expect(Set(converted) == Set(withoutBudgets))
    #expect(methods.contains { $0.fineTuning != nil })
  }

  @Test func csvFieldsWithQuotesCommasAndNewlinesParse() {
    let rows = BaselineCSV.rows("a,\"b, c\",\"say \"\"hi\"\"\"\n\"x\ny\",,z\n")
    #expect(rows == [["a", "b, c", "say \"hi\""], ["x\ny", "", "z"]])
  }

  static func write(_ json: String) throws -> (TemporaryDirectory, URL) {
    let directory = try TemporaryDirectory()
    let url = directory.file("bad.json")
    try Data(json.utf8).write(to: url)
    return (directory, url)
  }

  static let valid = try! String(
    decoding: JSONFile.encoder().encode(BaselineCSV.skeleton(method: "Test")), as: UTF8.self)

  @Test(arguments: [
    ("\"year\" : 2024", "\"year\" : \"2024\"", "$.year"),
    ("\"method\" : \"Test\"", "\"method\" : \"\"", "$.method"),
    ("\"venue\" : \"Venue\",", "", "$.venue"),
    ("\"venue\" : \"Venue\",", "\"venue\" : \"Venue\", \"homepage\": \"x\",", "$.homepage"),
    (
      "\"parametersReductionPct\" : 41.2", "\"parametersReductionPct\" : -70",
      "$.entries[0].parametersReductionPct"
    ),
    ("\"prunedTop1\" : 92.5", "\"prunedTop1\" : 192.5", "$.entries[0].prunedTop1"),
    ("\"accuracyDrop\" : 0.5", "\"accuracyDrop\" : 1.5", "$.entries[0].accuracyDrop"),
    (
      "\"accuracyDropComputed\" : true", "\"accuracyDropComputed\" : 1",
      "$.entries[0].accuracyDropComputed"
    ),
    // The issue: a repeated key was accepted, and control characters broke the pages' XML.
    ("\"year\" : 2024", "\"year\" : 2024, \"year\" : 2025", "$.year"),
    ("\"method\" : \"Test\"", "\"method\" : \"Te\\u0007st\"", "$.method"),
    ("\"method\" : \"Test\"", "\"method\" : \"Te\\nst\"", "$.method"),
    ("\"method\" : \"Test\"", "\"method\" : \"Te\\u009bst\"", "$.method"),
  ])
  func malformedFilesNameTheFileAndThePath(original: String, replacement: String, path: String)
    throws
  {
    #expect(Self.valid.contains(original), "the skeleton changed: \(original)")
    let (directory, url) = try Self.write(
      Self.valid.replacingOccurrences(of: original, with: replacement))
    defer { directory.remove() }
    do {
      _ = try BaselineValidation.read(url)
      Issue.record("accepted: \(replacement)")
    } catch let found as BaselineErrors {
      #expect(found.errors.contains { $0.jsonPath == path && $0.path == url.path }, "\(found)")
    }
  }

  @Test func theSkeletonIsValidAndANewerVersionIsRefused() throws {
    let (directory, url) = try Self.write(Self.valid)
    defer { directory.remove() }
    #expect(try BaselineValidation.read(url).method == "Test")
    try Data(
      Self.valid.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 9")
        .utf8
    ).write(to: url)
    #expect(throws: BaselineErrors.self) { try BaselineValidation.read(url) }
    try Data("{ not json".utf8).write(to: url)
    #expect(throws: BaselineErrors.self) { try BaselineValidation.read(url) }
  }

  @Test func slugsAreFileNames() {
    #expect(RecordedMethod.slug("L1 (PFEC)") == "l1-pfec")
    #expect(RecordedMethod.slug("VCNNP (Variational pruning)") == "vcnnp-variational-pruning")
    #expect(RecordedMethod.slug("C-SGD") == "c-sgd")
  }
}

/// `Data/schema/baseline.schema.json` and the validator describe the same fields.
struct BaselineSchemaTests {
  @Test func schemaAndValidatorAgreeOnTheFields() throws {
    let url = SharedData.projectRoot.appendingPathComponent("Data/schema/baseline.schema.json")
    let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let top = schema["properties"] as! [String: Any]
    #expect(Set(top.keys) == Set(BaselineValidation.methodFields.keys))
    let entry =
      ((top["entries"] as! [String: Any])["items"] as! [String: Any])["properties"]
      as! [String: Any]
    #expect(Set(entry.keys) == Set(BaselineValidation.entryFields.keys))
    let budget = ((top["fineTuning"] as! [String: Any])["items"] as! [String: Any])
    #expect(
      Set((budget["properties"] as! [String: Any]).keys)
        == Set(BaselineValidation.fineTuningFields.keys))
    #expect(
      Set(budget["required"] as! [String])
        == Set(BaselineValidation.fineTuningFields.filter { !$0.value.hasSuffix("?") }.keys))
    #expect(schema["additionalProperties"] as? Bool == false)
  }

  /// A published budget is read in the units the measured ones are given in, and a bad one
  /// is refused with its file, its JSON path and the rule.
  @Test func aPublishedBudgetIsCheckedAndConverted() throws {
    func method(_ budget: String) -> Data {
      Data(
        """
        {"schemaVersion": 1, "method": "M", "citation": "A - T", "year": 2020, "venue": "V",
         "entries": [{"architecture": "VGG-16", "dataset": "CIFAR-10", "variant": "v",
                      "source": "s", "sourceKind": "k"}],
         "fineTuning": [\(budget)]}
        """.utf8)
    }
    let good = try BaselineValidation.parse(
      method(
        #"{"dataset": "CIFAR-10", "epochs": 40, "batchSize": 64, "trainingImages": 50000, "source": "s", "sourceKind": "k"}"#
      ), path: "m.json")
    let budget = try #require(good.fineTuning?.first)
    #expect(budget.imagePasses == 2_000_000)
    #expect(budget.sgdSteps == 31_280)
    #expect(budget.description.contains("2,000,000 image passes = 31,280 SGD steps (batch 64)"))
    for (bad, jsonPath) in [
      (
        #"{"dataset": "CIFAR-10", "epochs": 0, "batchSize": 64, "trainingImages": 50000, "source": "s", "sourceKind": "k"}"#,
        "$.fineTuning[0].epochs"
      ),
      (
        #"{"dataset": "CIFAR-10", "epochs": 40, "trainingImages": 50000, "source": "s", "sourceKind": "k"}"#,
        "$.fineTuning[0].batchSize"
      ),
      (
        #"{"dataset": "CIFAR-10", "epochs": 40, "batchSize": 64, "trainingImages": 50000, "source": "s", "sourceKind": "k", "lr": 1}"#,
        "$.fineTuning[0].lr"
      ),
      (
        #"{"dataset": "CIFAR-10", "architectures": [], "epochs": 40, "batchSize": 64, "trainingImages": 50000, "source": "s", "sourceKind": "k"}"#,
        "$.fineTuning[0].architectures"
      ),
    ] {
      do {
        _ = try BaselineValidation.parse(method(bad), path: "m.json")
        Issue.record("accepted a budget with a bad \(jsonPath)")
      } catch let error as BaselineErrors {
        #expect(
          error.errors.contains { $0.path.hasSuffix("m.json") && $0.jsonPath == jsonPath },
          "\(error)")
      }
    }
  }
}
