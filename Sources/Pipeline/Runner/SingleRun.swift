import Datasets
import Foundation
import Results

/// One cell run on its own (`ocnna prune`): a one-cell grid named `prune`, handed to the
/// same runner as `ocnna run`, so that the same work gets the same run key and the same
/// result format whichever command did it. The result is `<folder>/<id>.json`; the pruned
/// network and its plan are kept in `<folder>/<id>/`, and the scores where asked.
public struct SingleRun {
  /// The grid name single runs record.
  public static let gridName = "prune"

  public var cell: RunCell
  public var policy: GridPruning

  /// The run of `cell`; its policy value and minimum channels come from `cell.policy`.
  public init(cell: RunCell) {
    self.cell = cell
    policy = GridPruning(
      methods: [cell.method], policy: cell.policy.kind, values: [cell.policy.value],
      minChannels: cell.policy.minChannels)
  }

  /// The one-cell grid.
  public var spec: GridSpec {
    GridSpec(
      name: Self.gridName, description: "a single run of ocnna prune",
      architectures: [GridArchitecture(architecture: cell.architecture, width: cell.width)],
      datasets: [cell.dataset], original: cell.original, pruning: [policy],
      budgets: [cell.fineTuning], seeds: [cell.seed], calibration: cell.calibration,
      varianceShare: cell.varianceShare, activation: cell.activation,
      pruningProtocol: cell.pruningProtocol)
  }

  /// Runs the cell (again, if its result is already in `folder`) and returns its result
  /// and the artifacts kept; `cacheRoot` holds datasets and originals, as for grids.
  public func run(
    into folder: URL, cacheRoot: URL, scores: URL? = nil, log: (String) -> Void = { _ in },
    progress: (RunProgress) -> Void = { _ in }
  ) throws -> (result: RunResult, artifacts: CellArtifacts) {
    let store = ResultStore(folder: folder)
    // The cell itself, not the spec's expansion of it: a grid names OCNNA's readings by
    // variant, and a command line can combine options no variant names.
    let plan = GridPlan.make(
      spec, cells: [cell], store: store, cache: CacheDirectory.datasets(in: cacheRoot), log: log)
    guard let entry = plan.entries.first, let id = entry.id else {
      let reason = plan.entries.first?.reason ?? plan.unavailable.values.first ?? "unknown"
      throw SpecError(path: cell.original.checkpoint ?? cell.dataset.name, message: reason)
    }
    var runner = GridRunner(
      plan: plan, store: store, originals: OriginalStore(cacheRoot: cacheRoot))
    runner.force = true
    let artifacts = CellArtifacts(folder: folder.appendingPathComponent(id), scores: scores)
    runner.artifacts = artifacts
    _ = try runner.run(log: log, progress: progress)
    return (try ResultStore.read(store.url(of: id)), artifacts)
  }
}
