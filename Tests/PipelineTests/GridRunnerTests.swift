import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// Running a tiny grid: resume, shards and merging, failures stored as results.
@Suite(.serialized) struct GridRunnerTests {
  /// Runs `grid` (in `data/grids`) with `selection` into `data/results`, originals cached in `cache`.
  @discardableResult
  func run(
    _ spec: GridSpec, data: URL, cache: URL, selection: CellSelection = CellSelection(),
    results: URL? = nil
  ) throws -> (GridRunner.Outcome, ResultStore) {
    let store = results.map { ResultStore(folder: $0) } ?? ResultStore(data: data, grid: spec.name)
    let plan = GridPlan.make(spec, store: store, cache: cache)
    var runner = GridRunner(plan: plan, store: store, originals: OriginalStore(cacheRoot: cache))
    runner.selection = selection
    return (try runner.run(log: { _ in }), store)
  }

  /// The numbers of a result that must not depend on where or when it ran.
  func numbers(_ r: RunResult) -> [Double] {
    guard let m = r.metrics else { return [] }
    return [
      m.originalTop1, m.originalTop5, m.prunedTop1BeforeFineTuning, m.prunedTop1, m.prunedTop5,
      m.accuracyDrop, m.rpr, m.convolutionRPR, m.macsRatio, Double(m.prunedParameters),
    ] + m.fineTuningEpochs.map(\.trainLoss)
  }

  /// Every result names its original's weights; with the cache lost, the original is
  /// trained again, and the same engine gives the very same weights.
  @Test func resultsRecordTheOriginalsWeightsAndARetrainingReproducesThem() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url))
    let (_, store) = try run(spec, data: folder.url, cache: folder.file("cache"))
    let first = store.readAll().results
    let digests = Set(first.map { $0.original?.weights })
    #expect(first.count == 4 && digests.count == 1)
    #expect(digests.first??.count == 64)
    let (_, again) = try run(
      spec, data: folder.url, cache: folder.file("lost-cache"), results: folder.file("again"))
    let second = again.readAll().results
    #expect(second.count == 4)
    #expect(Set(second.map { $0.original?.weights }) == digests)
  }

  @Test func aSecondRunDoesNothing() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url))
    let (first, store) = try run(spec, data: folder.url, cache: folder.file("cache"))
    #expect(first.ran == 4)
    #expect(first.failed == 0)
    #expect(store.ids.count == 4)
    let (results, errors) = store.readAll()
    #expect(errors.isEmpty)
    for result in results {
      #expect(result.status == .done)
      #expect(result.grid == "tiny")
      #expect(result.original?.parameters ?? 0 > result.metrics?.prunedParameters ?? .max)
      #expect(result.metrics!.rpr < 1)
    }
    let modified = try store.ids.map {
      try FileManager.default.attributesOfItem(atPath: store.url(of: $0).path)[.modificationDate]
        as! Date
    }
    let (second, _) = try run(spec, data: folder.url, cache: folder.file("cache"))
    #expect(second.ran == 0)
    #expect(second.skipped == 4)
    let after = try store.ids.map {
      try FileManager.default.attributesOfItem(atPath: store.url(of: $0).path)[.modificationDate]
        as! Date
    }
    #expect(Set(modified) == Set(after), "no file was rewritten")
  }

  @Test func threeShardsMergedEqualOneRun() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url, seeds: [0, 1]))
    let (_, whole) = try run(spec, data: folder.url, cache: folder.file("cache-whole"))
    var shardFolders: [URL] = []
    for index in 1...3 {
      var selection = CellSelection()
      selection.shard = (index, 3)
      let results = folder.file("shard\(index)")
      // Each shard has its own cache, as separate machines would.
      try run(
        spec, data: folder.url, cache: folder.file("cache-\(index)"), selection: selection,
        results: results)
      shardFolders.append(results)
    }
    let merged = folder.file("merged")
    let report = try ResultMerge.merge(shardFolders, into: merged)
    #expect(report.conflicts.isEmpty)
    #expect(report.copied.count == 8)
    let again = try ResultMerge.merge(shardFolders, into: merged)
    #expect(again.copied.isEmpty && again.identical == 8, "merging twice changes nothing")
    let a = Dictionary(uniqueKeysWithValues: whole.readAll().results.map { ($0.id, $0) })
    let b = Dictionary(
      uniqueKeysWithValues: ResultStore(folder: merged).readAll().results.map { ($0.id, $0) })
    #expect(a.count == 8)
    #expect(Set(a.keys) == Set(b.keys))
    for (id, result) in a {
      #expect(numbers(result) == numbers(b[id]!), "cell \(result.cell.label)")
    }
  }

  @Test func mergeReportsConflictsAndKeepsTheExistingFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let one = folder.file("one"), two = folder.file("two"), into = folder.file("into")
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url, methods: ["l1"]))
    var selection = CellSelection()
    try selection.addFilter("seed=0")
    try run(spec, data: folder.url, cache: folder.file("cache"), results: one)
    let store = ResultStore(folder: one)
    let id = store.ids.sorted()[0]
    var changed = try ResultStore.read(store.url(of: id))
    changed.metrics?.accuracyDrop += 5
    try FileManager.default.createDirectory(at: two, withIntermediateDirectories: true)
    try ResultStore(folder: two).write(changed)
    _ = try ResultMerge.merge([one], into: into)
    let original = try Data(contentsOf: ResultStore(folder: into).url(of: id))
    let report = try ResultMerge.merge([two], into: into)
    #expect(report.conflicts.map(\.id) == [id])
    #expect(try Data(contentsOf: ResultStore(folder: into).url(of: id)) == original)
  }

  @Test func aFailingCellIsStoredAndTheRunGoesOn() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    // A learning rate this large makes fine-tuning diverge to a non-finite loss.
    let url = try TinyGrid.write(into: folder.url)
    let json = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
      of: "\"fineTuning\": { \"mode\": \"kd\", \"epochs\": 1, \"batchSize\": 32 }",
      with:
        "\"fineTuning\": { \"mode\": \"ce\", \"epochs\": 1, \"batchSize\": 32, \"learningRate\": 1e30 }"
    )
    try Data(json.utf8).write(to: url)
    let spec = try GridSpec.read(url)
    let (outcome, store) = try run(spec, data: folder.url, cache: folder.file("cache"))
    #expect(outcome.ran == 4)
    #expect(outcome.failed == 4)
    let results = store.readAll().results
    #expect(results.count == 4)
    for result in results {
      #expect(result.status == .failed)
      #expect(result.error?.contains("diverged") == true)
      #expect(result.metrics == nil)
    }
    let plan = GridPlan.make(spec, store: store, cache: folder.file("cache"))
    #expect(plan.entries.allSatisfy { $0.state == .failed })
  }
}
