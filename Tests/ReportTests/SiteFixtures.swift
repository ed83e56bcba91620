import Foundation
import Report
import Results
import TestSupport

/// Results and data folders for site tests, derived from one real result
/// (`Fixtures/result-template.json`).
enum SiteFixtures {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func template() throws -> RunResult {
    try ResultStore.readFile(folder.appendingPathComponent("result-template.json"))
  }

  /// A 16-digit hexadecimal id for fixture number `n`.
  static func id(_ n: Int) -> String {
    String(format: "%016llx", UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
  }

  /// Results over two pairs, four methods, three target RPRs and two seeds; the drop
  /// falls with RPR and OCNNA is a little better than random (made-up numbers for
  /// rendering only, never published).
  static func results(limit: Int? = nil) throws -> [RunResult] {
    let base = try template()
    var results: [RunResult] = []
    var n = 0
    for (architecture, dataset) in [("resnet20", "synthetic"), ("vgg16", "cifar10-jpeg")] {
      for (m, method) in ["ocnna", "random", "l1", "fpgm"].enumerated() {
        for p in [0.7, 0.5, 0.3] {
          for seed in [0, 1] as [UInt64] {
            var r = base
            n += 1
            r.id = id(n)
            r.grid = "fixture"
            r.cell.architecture = architecture
            r.cell.dataset = GridDataset(name: dataset, testLimitPerClass: 500)
            r.cell.method = method
            r.cell.policy = .targetRPR(p: p, minChannels: 1)
            r.cell.seed = seed
            r.original?.key = "original-\(architecture)"
            r.metrics!.rpr = p + 0.001 * Double(m)
            r.metrics!.macsRatio = p * 0.9
            r.metrics!.accuracyDrop = (1 - p) * 10 + Double(m) * 0.5 + Double(seed) * 0.3
            results.append(r)
          }
        }
      }
    }
    var failed = base
    failed.id = id(999)
    failed.grid = "fixture"
    failed.status = .failed
    failed.metrics = nil
    failed.error = "training diverged: loss nan at epoch 1, batch 3"
    results.append(failed)
    return limit.map { Array(results.prefix($0)) } ?? results
  }

  /// A data folder with the given results, the named recorded methods from the fixture
  /// copies in `Fixtures/baselines` (frozen, so that editing `Data/baselines` does not
  /// move these tests), and two history snapshots with a regression between them.
  static func dataFolder(
    at root: URL, results: [RunResult], baselines: [String] = ["hrank", "fpgm", "l1-pfec"]
  ) throws {
    let source = SharedData.projectRoot.appendingPathComponent(
      "Tests/ReportTests/Fixtures/baselines")
    let target = root.appendingPathComponent("baselines")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    for name in baselines.map({ "\($0).json" }) {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
    }
    let store = ResultStore(folder: root.appendingPathComponent("results/fixture"))
    for result in results { try store.write(result) }
    var first = HistorySnapshot.make(
      results: results, grid: "fixture", date: "2026-11-01", commit: nil)
    let second = HistorySnapshot.make(
      results: results, grid: "fixture", date: "2026-11-02", commit: nil)
    // Six points lower the night before: above the noise of two seeds on 5,000 images.
    for i in first.headlines.indices {
      first.headlines[i].dropAt50? -= 6
      first.headlines[i].headlineDrop? -= 6
    }
    try JSONFile.write(first, to: root.appendingPathComponent("history/2026-11-01-fixture.json"))
    try JSONFile.write(second, to: root.appendingPathComponent("history/2026-11-02-fixture.json"))
  }

  /// Every file below `root`, by relative path: what "byte-identical afterwards" compares.
  static func files(in root: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for case let path as String in FileManager.default.enumerator(atPath: root.path)! {
      let url = root.appendingPathComponent(path)
      if !url.isExistingFolder { files[path] = try Data(contentsOf: url) }
    }
    return files
  }

  static var templates: URL { SharedData.projectRoot.appendingPathComponent("Templates") }
}
