import Foundation
import Results
import TestSupport
import Testing

/// A result whose metrics no honest run produces is neither stored nor read.
struct ResultValidityTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/result-v2-cifar10-cpu.json")

  @Test(arguments: [
    ("rpr", 2.0), ("rpr", -1.0), ("macsRatio", 0.0), ("prunedTop1", 1.5),
    ("prunedTop1", Double.nan), ("originalTop5", -0.1), ("accuracyDrop", Double.infinity),
    ("scoringSeconds", Double.nan),
  ])
  func anImpossibleMetricIsRefusedOnWriteAndOnRead(field: String, value: Double) throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let store = ResultStore(folder: folder.url)
    let valid = try ResultStore.readFile(Self.fixture)
    #expect(valid.metrics?.problem == nil)
    try store.write(valid)
    let stored = try Data(contentsOf: store.url(of: valid.id))
    var result = valid
    switch field {
    case "rpr": result.metrics!.rpr = value
    case "macsRatio": result.metrics!.macsRatio = value
    case "prunedTop1": result.metrics!.prunedTop1 = value
    case "originalTop5": result.metrics!.originalTop5 = value
    case "accuracyDrop": result.metrics!.accuracyDrop = value
    default: result.metrics!.scoringSeconds = value
    }
    #expect {
      try store.write(result)
    } throws: { error in
      (error as? SpecError)?.jsonPath == "$.metrics.\(field)"
    }
    #expect(try Data(contentsOf: store.url(of: valid.id)) == stored, "the stored file changed")
    // The same value written by hand (finite values only: JSON has no NaN) is refused on
    // reading, naming the field.
    guard value.isFinite else { return }
    var object = try JSONSerialization.jsonObject(with: stored) as! [String: Any]
    var metrics = object["metrics"] as! [String: Any]
    metrics[field] = value
    object["metrics"] = metrics
    try JSONSerialization.data(withJSONObject: object).write(to: store.url(of: valid.id))
    #expect {
      try ResultStore.read(store.url(of: valid.id))
    } throws: { error in
      (error as? SpecError)?.jsonPath == "$.metrics.\(field)"
    }
  }
}
