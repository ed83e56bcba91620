import Foundation
import TestSupport
import Testing

/// `ocnna run`, `status`, `merge` and `compare` as a user (or CI) runs them.
@Suite(.serialized) struct RunCommandTests {
  /// Runs the executable in `folder` with its own cache; returns status and output.
  func ocnna(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
    let site = arguments.first == "run" ? ["--no-site"] : []
    let result = try CommandTests.run(
      arguments + site + [
        "--data", folder.path, "--cache", folder.appendingPathComponent("cache").path,
      ])
    return (result.status, result.output + result.error)
  }

  @Test func aRunKilledInTheMiddleOfACellResumes() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try TinyGrid.write(into: folder.url, seeds: [0, 1])
    let results = folder.file("results/tiny")
    let process = Process()
    process.executableURL = CommandTests.executable
    process.arguments = [
      "run", "tiny", "--no-site", "--data", folder.url.path, "--cache", folder.file("cache").path,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for the first finished cell, then kill the process while it works on the next.
    let deadline = Date().addingTimeInterval(300)
    func stored() -> [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: results.path)) ?? []).filter {
        $0.hasSuffix(".json") && !$0.hasPrefix(".")
      }
    }
    while stored().isEmpty && process.isRunning && Date() < deadline { usleep(20_000) }
    usleep(300_000)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let survivors = stored()
    #expect(!survivors.isEmpty && survivors.count < 8, "killed mid-grid: \(survivors.count) cells")
    for name in survivors {
      let data = try Data(contentsOf: results.appendingPathComponent(name))
      #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is whole")
    }
    let status = try ocnna(["status", "tiny"], in: folder.url)
    #expect(status.output.contains("\(survivors.count) done"))
    let rerun = try ocnna(["run", "tiny"], in: folder.url)
    #expect(rerun.status == 0, "\(rerun.output)")
    #expect(rerun.output.contains("\(survivors.count) already stored"))
    #expect(stored().count == 8)
    let again = try ocnna(["run", "tiny"], in: folder.url)
    #expect(again.output.contains("ran 0 cell(s)"))
  }

  @Test func compareExitsWithOneWhenOCNNAGotWorse() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try TinyGrid.write(into: folder.url, methods: ["ocnna", "l1"])
    #expect(try ocnna(["run", "tiny"], in: folder.url).status == 0)
    let before = folder.file("results/tiny")
    let after = folder.file("after")
    try FileManager.default.createDirectory(at: after, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: before.path) {
      var object =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: before.appendingPathComponent(name))) as! [String: Any]
      if (object["cell"] as! [String: Any])["method"] as! String == "ocnna" {
        var metrics = object["metrics"] as! [String: Any]
        metrics["accuracyDrop"] = (metrics["accuracyDrop"] as! Double) + 4
        object["metrics"] = metrics
      }
      try JSONSerialization.data(withJSONObject: object).write(
        to: after.appendingPathComponent(name))
    }
    let same = try CommandTests.run(["compare", before.path, before.path])
    #expect(same.status == 0)
    #expect(same.output.contains("no regression"))
    let worse = try CommandTests.run(["compare", before.path, after.path, "--markdown"])
    #expect(worse.status == 1)
    #expect(worse.output.contains("## ocnna compare"))
    #expect(worse.output.contains("WORSE"))
    #expect(worse.output.contains("ocnna"))
    let merged = try CommandTests.run(["merge", after.path, "--into", before.path])
    #expect(merged.status == 1, "differing files with equal ids are conflicts")
    #expect(merged.output.contains("conflict"))
  }

  @Test func aBadGridNamesTheFileAndThePath() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let url = try TinyGrid.write(into: folder.url)
    let json = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
      of: "\"calibration\": 32", with: "\"calibration\": 32, \"calibraton\": 1")
    try Data(json.utf8).write(to: url)
    let result = try ocnna(["run", "tiny"], in: folder.url)
    #expect(result.status != 0)
    #expect(result.output.contains("tiny.json: $.calibraton: unknown field"))
  }
}
