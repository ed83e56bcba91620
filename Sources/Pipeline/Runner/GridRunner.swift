import Datasets
import Dispatch
import Engine
import Foundation
import Pruning
import Results

/// Where a grid run is: cell i of n, its stage and the time left.
public struct RunProgress: Sendable {
  public var cell: Int
  public var cells: Int
  public var label: String
  public var stage: String
  /// Seconds left for the remaining cells at the pace so far (nil before the first cell).
  public var secondsLeft: Double?
  public var training: TrainingProgress?
}

/// Runs the missing cells of a grid, resumably: each finished cell is written at once
/// (atomically) and skipped by the next run, originals come from their cache, and a cell
/// that fails is stored as failed with its error while the run goes on.
public struct GridRunner {
  public var plan: GridPlan
  public var store: ResultStore
  public var originals: OriginalStore
  public var selection = CellSelection()
  /// Run cells even when a result exists.
  public var force = false
  /// Run cells whose stored result is a failure again.
  public var retryFailed = false
  /// Stop before the next cell when this turns true (Ctrl-C).
  public var shouldStop: () -> Bool = { false }
  /// Where to keep each finished cell's pruned network, plan and scores (a single run's
  /// `ocnna prune`); nil keeps results only, as grids do.
  public var artifacts: CellArtifacts?

  public init(plan: GridPlan, store: ResultStore, originals: OriginalStore) {
    self.plan = plan
    self.store = store
    self.originals = originals
  }

  public struct Outcome: Sendable {
    public var ran = 0
    public var failed = 0
    public var skipped = 0
    public var unavailable = 0
    public var interrupted = false
  }

  /// The entries this run will execute.
  public var todo: [GridPlan.Entry] {
    plan.selected(selection).filter { entry in
      guard entry.id != nil else { return false }
      switch entry.state {
      case .missing: return true
      case .done: return force
      case .failed: return force || retryFailed
      case .unavailable: return false
      }
    }
  }

  /// Runs `todo`; `log` gets one line per finished cell.
  public func run(
    log: (String) -> Void, progress: (RunProgress) -> Void = { _ in }
  ) throws -> Outcome {
    let work = todo
    var outcome = Outcome()
    let selected = plan.selected(selection)
    outcome.unavailable = selected.filter { $0.state == .unavailable }.count
    outcome.skipped = selected.count - work.count - outcome.unavailable
    var cachedOriginal: (key: String, value: Result<OriginalRun, Error>)?
    let started = DispatchTime.now().uptimeNanoseconds
    for (index, entry) in work.enumerated() {
      if shouldStop() {
        outcome.interrupted = true
        break
      }
      let cell = entry.cell
      let id = entry.id!
      let data = plan.data[cell.dataset]!
      let sha = cell.original.checkpoint.flatMap { plan.checkpointHashes[$0] }
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      let left = index == 0 ? nil : elapsed / Double(index) * Double(work.count - index)
      func report(_ stage: String, _ training: TrainingProgress? = nil) {
        progress(
          RunProgress(
            cell: index + 1, cells: work.count, label: cell.label, stage: stage,
            secondsLeft: left, training: training))
      }
      let originalKey = OriginalKey(
        cell, datasetFingerprint: data.fingerprint, checkpointSHA256: sha
      ).id
      if cachedOriginal?.key != originalKey {
        cachedOriginal = nil
        let made = Result {
          try originals.obtain(
            cell, data: data, checkpointSHA256: sha, stage: { report($0) },
            progress: { report("training the original", $0) })
        }.map { made in
          report("evaluating the original network")
          return OriginalRun(
            network: made.network, normalization: made.normalization, record: made.record,
            evaluation: Evaluation.run(
              made.network, on: data.test, normalization: made.normalization))
        }
        cachedOriginal = (originalKey, made)
      }
      let cellStart = DispatchTime.now().uptimeNanoseconds
      var result: RunResult
      do {
        let original = try cachedOriginal!.value.get()
        let run = PruningRun(
          criterion: try Criteria.make(
            cell.method, varianceShare: cell.varianceShare, site: cell.activation,
            reading: cell.ocnnaReading ?? .standard, seed: cell.seed),
          policy: cell.policy, calibrationCount: min(cell.calibration, data.train.count),
          fineTuning: fitted(
            cell.fineTuning, images: cell.fineTuning.images(from: data.train).count),
          normalization: original.normalization, seed: cell.seed,
          pruningProtocol: cell.pruningProtocol, architecture: cell.architecture)
        let pruned = try run.run(
          original.network, train: data.train, test: data.test,
          originalEvaluation: original.evaluation, stage: { report($0) },
          progress: { report("fine-tuning", $0) })
        try artifacts?.write(
          original: original.network, pruned: pruned.pruned, plan: pruned.plan,
          scores: pruned.scores, normalization: original.normalization)
        result = RunResult(
          id: id, grid: plan.spec.name, cell: cell, status: .done,
          datasetFingerprint: data.fingerprint, original: original.record,
          metrics: pruned.summary, seconds: seconds(since: cellStart), environment: .current)
        // Impossible metrics (a non-finite loss that slipped through, a ratio above 1)
        // are stored as a failure that names them, never as a measured point.
        if let problem = pruned.summary.problem {
          result.status = .failed
          result.error = "impossible metric \(problem.jsonPath) \(problem.message)"
          result.metrics = nil
        }
        // The original's training time is counted once, in the first cell that made it.
        cachedOriginal = (originalKey, .success(original.withoutTrainingTime))
      } catch {
        result = RunResult(
          id: id, grid: plan.spec.name, cell: cell, status: .failed, error: "\(error)",
          datasetFingerprint: data.fingerprint,
          original: try? cachedOriginal?.value.get().record, metrics: nil,
          seconds: seconds(since: cellStart), environment: .current)
      }
      try store.write(result)
      outcome.ran += 1
      if result.status == .failed { outcome.failed += 1 }
      log(Self.line(result, index: index + 1, of: work.count))
    }
    return outcome
  }

  /// The recipe fitted to the data: a batch no larger than the fine-tuning images.
  func fitted(_ tuning: FineTuning, images: Int) -> FineTuning {
    var tuning = tuning
    tuning.recipe.batchSize = min(tuning.recipe.batchSize, images)
    return tuning
  }

  func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// One log line per finished cell.
  static func line(_ result: RunResult, index: Int, of count: Int) -> String {
    let head = "[\(index)/\(count)] \(result.id) \(result.cell.label)"
    guard result.status == .done, let m = result.metrics else {
      return "\(head): FAILED: \(result.error ?? "unknown error")"
    }
    return String(
      format: "%@: top-1 %.2f%% → %.2f%% (drop %.2f), RPR %.3f, MACs %.3f, %.0f s", head,
      100 * m.originalTop1, 100 * m.prunedTop1, m.accuracyDrop, m.rpr, m.macsRatio, result.seconds)
  }
}

/// An original network in memory while its cells run.
struct OriginalRun {
  var network: Network
  var normalization: Normalization
  var record: OriginalRecord
  /// The original on the test split, computed once for all its cells.
  var evaluation: Evaluation

  var withoutTrainingTime: OriginalRun {
    var copy = self
    copy.record.seconds = 0
    return copy
  }
}
