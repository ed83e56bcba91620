import Foundation
import Report
import Results
import TestSupport
import Testing

/// `baselines import` checks every row before it writes anything, and the recorded
/// methods' page names are unique and non-empty.
@Suite(.serialized) struct BaselineImportTests {
  static let header =
    "method,citation,year,venue,architecture,dataset,variant,baseline_top1,pruned_top1,acc_drop,acc_drop_computed,params_baseline_m,params_pruned_m,params_reduction_pct,flops_reduction_pct,baseline_top5,pruned_top5,source,source_kind,notes"

  static func row(method: String = "FPGM", prunedTop1: String = "93.26", drop: String = "0.33")
    -> String
  {
    "\(method),\"He et al., FPGM\",2019,CVPR,ResNet-56,CIFAR-10,40%,93.59,\(prunedTop1),\(drop),yes,0.85,0.5,41.2,52.6,,,paper table 1,own authors - paper table,"
  }

  func contents(_ folder: URL) throws -> [String: Data] { try SiteFixtures.files(in: folder) }

  func importing(_ rows: [String], into folder: URL, from scratch: TemporaryDirectory) throws
    -> [RecordedMethod]
  {
    let csv = scratch.file("baselines-\(rows.count).csv")
    try ([Self.header] + rows).joined(separator: "\n").write(
      to: csv, atomically: true, encoding: .utf8)
    return try BaselineImport.run(csv: csv, into: folder)
  }

  @Test func aBadRowLeavesEveryFileAsItWas() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let folder = scratch.file("baselines")
    let imported = try importing(
      [Self.row(), Self.row(prunedTop1: "92.9", drop: "0.69")], into: folder, from: scratch)
    #expect(imported.map(\.entries.count) == [2])
    let before = try contents(folder)
    #expect(before.keys.sorted() == ["fpgm.json"])
    // A typo in a number, and a row without a method name: both reported, nothing written.
    #expect {
      try importing(
        [Self.row(prunedTop1: "93.5x"), Self.row(method: " ")], into: folder, from: scratch)
    } throws: { error in
      let text = "\(error)"
      return text.contains("line 2, pruned_top1") && text.contains("'93.5x' is not a number")
        && text.contains("line 3, method")
    }
    #expect(try contents(folder) == before)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).allSatisfy {
        !$0.contains("import-")
      })
  }

  /// The CSV has no budgets: a method's recorded budgets survive a new import of its rows.
  @Test func anImportKeepsTheRecordedBudgets() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let folder = scratch.file("baselines")
    _ = try importing([Self.row()], into: folder, from: scratch)
    let file = folder.appendingPathComponent("fpgm.json")
    var method = try BaselineValidation.read(file)
    let budget = PublishedFineTuning(
      dataset: "CIFAR-10", architectures: ["ResNet-56"], epochs: 200, perPrunedLayer: nil,
      batchSize: 128, trainingImages: 50_000, recipe: "r", source: "s", sourceKind: "k")
    method.fineTuning = [budget]
    try JSONFile.write(method, to: file)
    _ = try importing(
      [Self.row(), Self.row(prunedTop1: "92.9", drop: "0.69")], into: folder, from: scratch)
    let again = try BaselineValidation.read(file)
    #expect(again.entries.count == 2)
    #expect(again.fineTuning == [budget])
  }

  @Test func methodsSharingAPageNameAreRefusedNamingBothFiles() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let folder = scratch.file("baselines")
    _ = try importing([Self.row()], into: folder, from: scratch)
    // A second file for "Fpgm" reduces to the same page name as "FPGM".
    var method = try BaselineValidation.read(folder.appendingPathComponent("fpgm.json"))
    method.method = "Fpgm"
    try JSONFile.write(method, to: folder.appendingPathComponent("fpgm-copy.json"))
    #expect {
      try BaselineValidation.readAll(folder)
    } throws: { error in
      let text = "\(error)"
      return text.contains("fpgm-copy.json") && text.contains("fpgm.json")
        && text.contains("page name")
    }
    method.method = "—"
    try JSONFile.write(method, to: folder.appendingPathComponent("fpgm-copy.json"))
    #expect {
      try BaselineValidation.readAll(folder)
    } throws: { error in
      "\(error)".contains("no ASCII letter or digit")
    }
  }
}
