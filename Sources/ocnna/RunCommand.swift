import ArgumentParser
import Foundation
import Pipeline
import Results

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a grid's missing cells and store one result file per cell.",
    discussion: """
      Results go to Data/results/<grid>/<id>.json, written atomically; a rerun skips the ids \
      that exist, so an interrupted run resumes where it stopped. Trained originals are cached \
      outside git and shared by every method and seed. Many machines can split a grid with \
      --shard i/n and combine their folders with `ocnna merge`.
      """)

  @OptionGroup var options: GridOptions
  @OptionGroup var threading: ThreadOptions
  @Option(help: "Run shard i of n (contiguous blocks of cells), e.g. 2/3.") var shard: String?
  @Option(
    help:
      "Only cells matching FIELD=VALUE[,VALUE…] (architecture, dataset, method, policy, budget, seed, id; budget is a preset name or custom); repeatable."
  )
  var only: [String] = []
  @Flag(help: "Run cells again even when their result exists.") var force = false
  @Flag(help: "Run cells again whose stored result is a failure.") var retryFailed = false
  @Flag(help: "List the cells with their state and estimated cost; run nothing.") var dryRun =
    false
  @Flag(help: "Do not render the site after the run.") var noSite = false
  @OptionGroup var site: SiteOptions

  func selection() throws -> CellSelection {
    var selection = CellSelection()
    if let shard { selection.shard = try CellSelection.parseShard(shard) }
    for filter in only { try selection.addFilter(filter) }
    return selection
  }

  func run() throws {
    threading.apply()
    let spec = try options.spec()
    let selection = try selection()
    print(
      "grid \(spec.name): \(spec.cells.count) cells; \(Machine.summary)"
    )
    let plan = options.plan(for: spec)
    for (what, reason) in plan.unavailable.sorted(by: { $0.key < $1.key }) {
      print("- skipped \(what): \(reason)")
    }
    var runner = GridRunner(
      plan: plan, store: options.store(for: spec),
      originals: OriginalStore(cacheRoot: options.cacheRoot))
    runner.selection = selection
    runner.force = force
    runner.retryFailed = retryFailed
    if dryRun { return try DryRun.print(runner) }
    let interrupt = InterruptFlag()
    interrupt.install()
    runner.shouldStop = { interrupt.isRaised }
    let line = ProgressLine()
    let todo = runner.todo.count
    print(
      "running \(todo) cell(s)\(selection.shard.count > 1 ? " (shard \(selection.shard.index)/\(selection.shard.count))" : ""); results in \(runner.store.folder.path)"
    )
    let outcome = try runner.run(
      log: { text in
        line.update(text, force: true)
        line.finish()
      },
      progress: { p in
        let eta = p.secondsLeft.map { " ETA \(ProgressLine.duration($0))" } ?? ""
        var text = "cell \(p.cell)/\(p.cells)\(eta) · \(p.stage)"
        if let t = p.training {
          text +=
            " \(ProgressLine.bar(Double(t.batch) / Double(t.batches), width: 12)) epoch \(t.epoch)/\(t.epochs) batch \(t.batch)/\(t.batches) \(Int(t.imagesPerSecond)) img/s"
        }
        line.update(text)
      })
    line.finish()
    print(
      "ran \(outcome.ran) cell(s) (\(outcome.failed) failed); \(outcome.skipped) already stored, \(outcome.unavailable) unavailable on this machine"
    )
    if !noSite && !outcome.interrupted {
      if FileManager.default.fileExists(atPath: site.templates) {
        try site.build(data: options.data, cacheRoot: options.cache)
      } else {
        print("site: skipped, no \(site.templates)/ folder here (run from the project folder)")
      }
    }
    if outcome.interrupted {
      print("interrupted: the finished cells are stored; rerun the same command to resume")
      throw ExitCode(130)
    }
    if outcome.failed > 0 { throw ExitCode(1) }
  }
}

/// The `--dry-run` listing: every selected cell, its state and estimated seconds.
enum DryRun {
  static func print(_ runner: GridRunner) throws {
    var estimate = CostEstimate()
    var originals = Set<String>()
    var total = 0.0
    let todo = Set(runner.todo.compactMap(\.id))
    Swift.print("state        id                cell  (estimated cost)")
    for entry in runner.plan.selected(runner.selection) {
      var cost = ""
      if let id = entry.id, todo.contains(id), let data = runner.plan.data[entry.cell.dataset] {
        var seconds = try estimate.cellSeconds(entry.cell, data: data)
        let sha = entry.cell.original.checkpoint.flatMap { runner.plan.checkpointHashes[$0] }
        let key = OriginalKey(
          entry.cell, datasetFingerprint: data.fingerprint, checkpointSHA256: sha
        ).id
        let cached = FileManager.default.fileExists(
          atPath: runner.originals.folder.appendingPathComponent("\(key)/record.json").path)
        if !originals.contains(key) && !cached {
          originals.insert(key)
          seconds += try estimate.originalSeconds(entry.cell, data: data)
        }
        total += seconds
        cost = "  (\(ProgressLine.duration(seconds)))"
      }
      let state = entry.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
      let id = (entry.id ?? "-").padding(toLength: 17, withPad: " ", startingAt: 0)
      Swift.print(
        "\(state) \(id) \(entry.cell.label)\(cost)\(entry.reason.map { "  [\($0)]" } ?? "")")
    }
    Swift.print(
      "\(todo.count) cell(s) to run, estimated \(ProgressLine.duration(total)) on this machine (\(Machine.summary); counting each original not yet cached once)"
    )
  }
}
