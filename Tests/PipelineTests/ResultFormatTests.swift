import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// The result format: schema validity, migration of version 1, refusal of newer versions.
@Suite(.serialized) struct ResultFormatTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
  static let schema = SharedData.projectRoot.appendingPathComponent("Data/schema")

  @Test func resultsOfATinyRunAreValidAgainstTheSchema() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url, methods: ["ocnna"]))
    let store = ResultStore(data: folder.url, grid: spec.name)
    let plan = GridPlan.make(spec, store: store, cache: folder.file("cache"))
    _ = try GridRunner(
      plan: plan, store: store, originals: OriginalStore(cacheRoot: folder.file("cache"))
    )
    .run(log: { _ in })
    let check = try JSONSchemaCheck(
      schema: Self.schema.appendingPathComponent("result.schema.json"))
    #expect(store.ids.count == 2)
    for id in store.ids {
      #expect(try check.violations(ofFile: store.url(of: id)) == [])
    }
    // A schema that could not fail would prove nothing: break one field and see it caught.
    var object =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: store.url(of: store.ids.first!))) as! [String: Any]
    var metrics = object["metrics"] as! [String: Any]
    metrics["rpr"] = 1.7
    object["metrics"] = metrics
    object["surprise"] = true
    let violations = check.violations(of: object)
    #expect(violations.contains { $0.hasPrefix("$.metrics.rpr") })
    #expect(violations.contains { $0.hasPrefix("$.surprise") })
  }

  /// Protocol 2 writes the optional fields of schema 4 (scope, BatchNorm images, OCNNA's
  /// reading, the step budget, zero-shot accuracy, per-image outcomes): all valid.
  @Test func protocolTwoResultsAreValidAgainstTheSchema() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(
      TinyGrid.write(
        into: folder.url, methods: ["ocnna/meanF", "ocnna/images", "random"], protocolTwo: true))
    let store = ResultStore(data: folder.url, grid: spec.name)
    let plan = GridPlan.make(spec, store: store, cache: folder.file("cache"))
    _ = try GridRunner(
      plan: plan, store: store, originals: OriginalStore(cacheRoot: folder.file("cache"))
    ).run(log: { _ in })
    let check = try JSONSchemaCheck(
      schema: Self.schema.appendingPathComponent("result.schema.json"))
    #expect(store.ids.count == 6)
    var readings = Set<OCNNAReading>()
    for id in store.ids {
      #expect(try check.violations(ofFile: store.url(of: id)) == [])
      let result = try ResultStore.readFile(store.url(of: id))
      #expect(result.status == .done, "\(result.error ?? "")")
      #expect(
        result.cell.pruningProtocol == PruningProtocol(scope: .literature, batchNormImages: 32))
      #expect(result.cell.fineTuning.epochs == 0.1)
      #expect(
        ["implicit GEMM, shifted planes for stride 1", "im2col + GEMM"].contains(
          result.environment.convolution))
      let metrics = try #require(result.metrics)
      #expect(metrics.prunedTop1ZeroShot != nil)
      #expect(metrics.outcomes?.prunedZeroShot?.count == metrics.outcomes?.original.count)
      if let reading = result.cell.ocnnaReading {
        readings.insert(reading)
        #expect(metrics.options["aggregate"] == (reading.aggregate == .cv ? nil : "meanF"))
        #expect(metrics.options["pcaInput"] == (reading.pcaInput == .images ? "images" : nil))
      }
    }
    #expect(readings == [OCNNAReading(aggregate: .meanF), OCNNAReading(pcaInput: .images)])
  }

  /// A reading's `pcaInput` is written only when it is not the per-map PCA, so that the
  /// cells (and run keys) of readings written before it existed are unchanged.
  @Test func perMapReadingsEncodeAsBefore() throws {
    let encoder = JSONFile.encoder()
    let meanF = String(decoding: try encoder.encode(OCNNAReading(aggregate: .meanF)), as: UTF8.self)
    #expect(!meanF.contains("pcaInput"))
    let decoded = try JSONDecoder().decode(
      OCNNAReading.self, from: Data(#"{"aggregate":"cv"}"#.utf8))
    #expect(decoded == .standard)
    let images = OCNNAReading(pcaInput: .images)
    #expect(try JSONDecoder().decode(OCNNAReading.self, from: encoder.encode(images)) == images)
  }

  /// Every committed result, read (older versions migrated) and written again, is valid
  /// against the current schema: the report is never rendered from a file the format
  /// does not describe.
  @Test func everyCommittedResultIsValidAgainstTheSchema() throws {
    let check = try JSONSchemaCheck(
      schema: Self.schema.appendingPathComponent("result.schema.json"))
    let root = SharedData.projectRoot.appendingPathComponent("Data/results")
    var count = 0
    for grid in try FileManager.default.contentsOfDirectory(atPath: root.path) {
      let folder = root.appendingPathComponent(grid)
      for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
      where name.hasSuffix(".json") {
        let result = try ResultStore.readFile(folder.appendingPathComponent(name))
        let encoded = try JSONSerialization.jsonObject(with: JSONFile.encoder().encode(result))
        #expect(check.violations(of: encoded) == [], "\(grid)/\(name)")
        count += 1
      }
    }
    #expect(count >= 150)
  }

  @Test func everyGridPresetIsValidAgainstTheSchema() throws {
    let check = try JSONSchemaCheck(schema: Self.schema.appendingPathComponent("grid.schema.json"))
    let folder = SharedData.projectRoot.appendingPathComponent("Data/grids")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      #expect(try check.violations(ofFile: folder.appendingPathComponent(name)) == [], "\(name)")
    }
  }

  @Test func anEntryRepeatingASeedViolatesTheGridSchema() throws {
    let check = try JSONSchemaCheck(schema: Self.schema.appendingPathComponent("grid.schema.json"))
    let url = SharedData.projectRoot.appendingPathComponent("Data/grids/cifar10-p2-zeroshot.json")
    var grid = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    var pruning = try #require(grid["pruning"] as? [[String: Any]])
    pruning[0]["seeds"] = [3, 4, 3]
    grid["pruning"] = pruning
    #expect(check.violations(of: grid) == ["$.pruning[0].seeds[2]: repeats an earlier item"])
  }

  @Test func aVersion1SummaryMigrates() throws {
    let url = Self.fixtures.appendingPathComponent("result-v1-prune-summary.json")
    let result = try ResultStore.readFile(url)
    #expect(result.schemaVersion == RunResult.currentSchemaVersion)
    #expect(result.grid == "prune")
    #expect(result.status == .done)
    #expect(result.cell.method == "l1")
    #expect(result.cell.architecture == "unrecorded")
    #expect(ResultID.isValid(result.id), "a migrated summary gets an id of the run-key form")
    let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    // Foundation's JSON writer may round the last digit of a Double in the migration step.
    #expect(abs(result.metrics!.accuracyDrop - (raw["accuracyDrop"] as! Double)) < 1e-12)
    #expect(abs(result.metrics!.rpr - (raw["rpr"] as! Double)) < 1e-12)
    #expect(
      result.environment.blasCore == (raw["environment"] as! [String: Any])["blasCore"] as? String)
    #expect(result.id == (try ResultStore.readFile(url)).id, "the migrated id is stable")
    // The migrated result is valid against the current schema.
    let check = try JSONSchemaCheck(
      schema: Self.schema.appendingPathComponent("result.schema.json"))
    let encoded = try JSONSerialization.jsonObject(with: JSONFile.encoder().encode(result))
    #expect(check.violations(of: encoded) == [])
  }

  /// Version 2 repeated settings inside `metrics`; version 3 drops the copies and keeps
  /// every number, and the stored file, once rewritten, is valid against the schema.
  @Test func aVersion2ResultMigrates() throws {
    let url = Self.fixtures.appendingPathComponent("result-v2-cifar10-cpu.json")
    let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let rawMetrics = raw["metrics"] as! [String: Any]
    let check = try JSONSchemaCheck(
      schema: Self.schema.appendingPathComponent("result.schema.json"))
    #expect(check.violations(of: raw).contains { $0.hasPrefix("$.metrics.method") })
    let result = try ResultStore.readFile(url)
    #expect(result.schemaVersion == RunResult.currentSchemaVersion)
    #expect(result.id == raw["id"] as? String)
    #expect(result.datasetFingerprint == raw["datasetFingerprint"] as? String)
    #expect(result.cell.method == rawMetrics["method"] as? String)
    // Foundation's JSONSerialization may parse the last digit of a Double differently
    // from JSONDecoder; the stored digits themselves are kept (checked below).
    #expect(abs(result.metrics!.accuracyDrop - (rawMetrics["accuracyDrop"] as! Double)) < 1e-12)
    #expect(abs(result.metrics!.rpr - (rawMetrics["rpr"] as! Double)) < 1e-12)
    #expect(result.metrics?.channels.count == (rawMetrics["channels"] as? [Any])?.count)
    // Rewritten in place by the store, the file is version 3 and valid.
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let copy = folder.file("01413e008ef78794.json")
    try FileManager.default.copyItem(at: url, to: copy)
    let damaged = folder.file("aaaaaaaaaaaaaaaa.json")
    try Data(#"{"schemaVersion": 2, "id": 5"#.utf8).write(to: damaged)
    let store = ResultStore(folder: folder.url)
    let first = store.migrateAll()
    #expect(first.migrated == ["01413e008ef78794"])
    // A file that cannot be read is named and left exactly as it was.
    #expect(first.errors.map(\.path) == [damaged.path])
    #expect(try Data(contentsOf: damaged) == Data(#"{"schemaVersion": 2, "id": 5"#.utf8))
    #expect(store.migrateAll().migrated.isEmpty, "a second migration changes nothing")
    let rewritten = try JSONSerialization.jsonObject(with: Data(contentsOf: copy))
    #expect(check.violations(of: rewritten) == [])
    let text = try String(contentsOf: copy, encoding: .utf8)
    let original = try String(contentsOf: url, encoding: .utf8)
    #expect(
      text.contains(#""rpr" : 0.6998493430915684"#)
        && original.contains(#""rpr" : 0.6998493430915684"#))
    let metrics = (rewritten as! [String: Any])["metrics"] as! [String: Any]
    for field in ["method", "policy", "fineTuning", "dataset", "datasetFingerprint"] {
      #expect(metrics[field] == nil, "\(field) is still repeated")
    }
  }

  @Test func aNewerVersionIsRefusedByName() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let url = folder.file("0123456789abcdef.json")
    try Data(#"{"schemaVersion": 5, "id": "0123456789abcdef"}"#.utf8).write(to: url)
    #expect {
      try ResultStore.read(url)
    } throws: { error in
      let e = error as? SpecError
      return e?.path == url.path && e?.jsonPath == "$.schemaVersion"
        && e?.message.contains("newer") == true
    }
    let (results, errors) = ResultStore(folder: folder.url).readAll()
    #expect(results.isEmpty)
    #expect(errors.count == 1)
  }

  @Test func aDamagedResultIsNamedAndTheStoreReadsTheRest() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try Data("{\"schemaVersion\": 2, \"id\": 5".utf8).write(
      to: folder.file("aaaaaaaaaaaaaaaa.json"))
    try Data("half".utf8).write(to: folder.file(".aaaaaaaaaaaaaaab.json.99.tmp"))
    let store = ResultStore(folder: folder.url)
    #expect(store.ids == ["aaaaaaaaaaaaaaaa"], "hidden temporary files are not results")
    let (_, errors) = store.readAll()
    #expect(errors.first?.path.hasSuffix("aaaaaaaaaaaaaaaa.json") == true)
  }
}
