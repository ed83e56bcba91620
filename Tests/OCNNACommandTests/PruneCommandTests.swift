import Engine
import Foundation
import Models
import Results
import TestSupport
import Testing

/// `ocnna prune` and `ocnna inspect` end to end on a small network and the synthetic data.
struct PruneCommandTests {
  @Test(arguments: ["ocnna", "l1", "taylor"])
  func pruneWritesTheCheckpointPlanResultAndScores(method: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let checkpoint = directory.file("model.safetensors")
    try Checkpoint.save(
      try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 1), to: checkpoint)
    let result = try CommandTests.run(
      [
        "prune", "--checkpoint", checkpoint.path, "--synthetic-count", "200", "--method", method,
        "--policy", "ratio",
        "--ratio", "0.5", "--finetune", "ce", "--epochs", "1", "--batch", "50", "--calibration",
        "32",
        "--out", directory.file("out").path, "--scores", directory.file("scores.json").path,
        "--normalization", "dataset",
      ], environment: ["OCNNA_CACHE": directory.file("cache").path])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("RPR"))
    // One result named by its run key, and the artifacts in a folder of the same name.
    let id = try #require(ResultStore(folder: directory.file("out")).ids.first)
    #expect(ResultStore(folder: directory.file("out")).ids.count == 1)
    let stored =
      try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("out/\(id).json")))
      as! [String: Any]
    #expect(stored["schemaVersion"] as? Int == RunResult.currentSchemaVersion)
    #expect(stored["grid"] as? String == "prune")
    #expect((stored["cell"] as? [String: Any])?["method"] as? String == method)
    let summary = stored["metrics"] as! [String: Any]
    #expect(summary["method"] == nil, "the method is the cell's, stored once")
    let rpr = summary["rpr"] as! Double
    #expect(rpr > 0.1 && rpr < 0.6, "rpr \(rpr)")
    #expect((summary["channels"] as? [Any])?.isEmpty == false)
    let pruned = try Checkpoint.load(from: directory.file("out/\(id)/pruned.safetensors"))
    #expect(
      abs(Double(pruned.parameterCount) / Double(summary["originalParameters"] as! Int) - rpr)
        < 1e-9)
    let plan =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: directory.file("out/\(id)/plan.json")))
      as! [String: Any]
    // The literature's scope (prune's default): the first conv of each of the 9 blocks.
    #expect((plan["decisions"] as? [Any])?.count == 9)
    let scores =
      try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("scores.json")))
      as! [String: Any]
    #expect((scores["groups"] as? [Any])?.count == 10)
  }

  /// `ocnna prune` and `ocnna run` of the same work: one runner, one key, one result.
  @Test func pruneAndAOneCellGridGiveTheSameKeyAndNumbers() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let cache = ["OCNNA_CACHE": directory.file("cache").path]
    // A checkpoint as `ocnna train` writes it, recording its zoo model.
    let train = try CommandTests.run(
      [
        "train", "--model", "resnet20", "--width", "0.25", "--synthetic-count", "100", "--epochs",
        "1", "--out", directory.file("trained").path,
      ], environment: cache)
    #expect(train.status == 0, "\(train.error)")
    let checkpoint = directory.file("trained/model.safetensors")
    let prune = try CommandTests.run(
      [
        "prune", "--checkpoint", checkpoint.path, "--synthetic-count", "100", "--method", "l1",
        "--policy", "ratio", "--ratio", "0.5", "--finetune", "ce", "--epochs", "1", "--batch",
        "50", "--normalization", "dataset", "--out", directory.file("out").path,
      ], environment: cache)
    #expect(prune.status == 0, "\(prune.error)")
    let grid = directory.file("one.json")
    try Data(
      """
      {
        "schemaVersion": 1, "name": "one",
        "architectures": [{ "architecture": "resnet20", "width": 0.25 }],
        "datasets": [{ "name": "synthetic", "syntheticCount": 100 }],
        "original": { "checkpoint": "\(checkpoint.path)", "normalization": "dataset" },
        "pruning": [{ "methods": ["l1"], "policy": "ratio", "values": [0.5] }],
        "fineTuning": { "mode": "ce", "epochs": 1, "batchSize": 50 },
        "protocol": { "scope": "literature", "batchNormImages": 1024 },
        "seeds": [0]
      }
      """.utf8
    ).write(to: grid)
    let run = try CommandTests.run(
      ["run", grid.path, "--data", directory.file("data").path, "--no-site"], environment: cache)
    #expect(run.status == 0, "\(run.error)")
    let pruned = ResultStore(folder: directory.file("out"))
    let grided = ResultStore(folder: directory.file("data/results/one"))
    #expect(pruned.ids.count == 1)
    #expect(pruned.ids == grided.ids, "the same work has the same run key")
    let id = try #require(pruned.ids.first)
    let a = try ResultStore.read(pruned.url(of: id)), b = try ResultStore.read(grided.url(of: id))
    #expect(a.grid == "prune" && b.grid == "one")
    #expect(a.cell == b.cell)
    #expect(a.metrics?.rpr == b.metrics?.rpr)
    #expect(a.metrics?.prunedTop1 == b.metrics?.prunedTop1)
    #expect(a.metrics?.channels == b.metrics?.channels)
  }

  @Test func inspectPrintsTheGroups() throws {
    let result = try CommandTests.run(["inspect", "--model", "densenet40"])
    #expect(result.status == 0)
    #expect(result.output.contains("prunable"))
    #expect(result.output.contains("locked (classifier output)"))
  }

  @Test func badOptionsAreClearErrors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let checkpoint = directory.file("model.safetensors")
    try Checkpoint.save(
      try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 1), to: checkpoint)
    let method = try CommandTests.run([
      "prune", "--checkpoint", checkpoint.path, "--method", "magic", "--synthetic-count", "100",
    ])
    #expect(method.status != 0 && method.error.contains("magic"))
    let k = try CommandTests.run([
      "prune", "--checkpoint", checkpoint.path, "--k", "150", "--synthetic-count", "100",
      "--finetune", "none",
    ])
    #expect(k.status != 0 && k.error.contains("150"))
    let policy = try CommandTests.run([
      "prune", "--checkpoint", checkpoint.path, "--policy", "target-rpr", "--synthetic-count",
      "100",
    ])
    #expect(policy.status != 0 && policy.error.contains(PruningPolicy.Kind.names))
    let pca = try CommandTests.run([
      "prune", "--checkpoint", checkpoint.path, "--pca-input", "pixels", "--synthetic-count",
      "100",
    ])
    #expect(pca.status != 0 && pca.error.contains("--pca-input must be spatial or images"))
  }

  /// OCNNA's reading options reach the stored cell and the recorded options.
  @Test func readingOptionsAreRecorded() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let checkpoint = directory.file("model.safetensors")
    try Checkpoint.save(
      try ModelSpec(architecture: "resnet20", width: 0.25).build(seed: 1), to: checkpoint)
    let result = try CommandTests.run(
      [
        "prune", "--checkpoint", checkpoint.path, "--synthetic-count", "100", "--method", "ocnna",
        "--pca-input", "images", "--aggregate", "meanF", "--activation", "raw", "--policy",
        "ratio", "--ratio", "0.5", "--finetune", "none", "--calibration", "16", "--bn-images",
        "16", "--normalization", "dataset", "--out", directory.file("out").path,
      ], environment: ["OCNNA_CACHE": directory.file("cache").path])
    #expect(result.status == 0, "\(result.error)")
    let store = ResultStore(folder: directory.file("out"))
    let stored = try ResultStore.readFile(store.url(of: try #require(store.ids.first)))
    #expect(stored.cell.ocnnaReading == OCNNAReading(aggregate: .meanF, pcaInput: .images))
    #expect(stored.cell.activation == .raw)
    #expect(stored.cell.pruningProtocol == PruningProtocol(scope: .literature, batchNormImages: 16))
    #expect(stored.metrics?.options["pcaInput"] == "images")
    #expect(stored.metrics?.options["aggregate"] == "meanF")
  }
}

/// Impossible sizes are refused before any work starts, instead of crashing or silently
/// pruning nothing.
struct SizeValidationTests {
  @Test func emptySubsetsAndZeroCalibrationAreRefused() throws {
    let limit = try CommandTests.run([
      "train", "--model", "resnet20", "--limit", "0", "--epochs", "1",
    ])
    #expect(limit.status != 0 && limit.error.contains("--limit"))
    let count = try CommandTests.run([
      "train", "--model", "resnet20", "--synthetic-count", "0", "--epochs", "1",
    ])
    #expect(count.status != 0 && count.error.contains("--synthetic-count"))
    let calibration = try CommandTests.run([
      "prune", "--checkpoint", "x.safetensors", "--calibration", "0",
    ])
    #expect(calibration.status != 0 && calibration.error.contains("--calibration"))
  }
}
