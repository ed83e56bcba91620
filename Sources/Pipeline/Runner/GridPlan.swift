import Datasets
import Foundation
import Results

/// A grid's cells with their run keys and what the results folder holds for each.
public struct GridPlan {
  public enum State: String, Sendable {
    case done, failed, missing
    /// The cell's data or checkpoint is not on this machine.
    case unavailable
  }

  public struct Entry {
    public var cell: RunCell
    /// The run key; nil when the data needed to compute it is unavailable.
    public var id: String?
    public var state: State
    /// Why the cell is unavailable.
    public var reason: String?
  }

  public var spec: GridSpec
  public var entries: [Entry]
  /// Loaded data per dataset entry; absent where loading failed (with the reason).
  public var data: [GridDataset: GridData]
  public var unavailable: [String: String]
  /// SHA-256 per checkpoint path.
  public var checkpointHashes: [String: String]
  /// Results in the folder whose ids the grid no longer produces.
  public var orphans: [String]

  /// Expands `spec` (or takes `cells`, which must come from its datasets and originals),
  /// loads its datasets (for the fingerprints) and looks up `store`.
  public static func make(
    _ spec: GridSpec, cells: [RunCell]? = nil, store: ResultStore, cache: URL,
    log: (String) -> Void = { _ in }
  ) -> GridPlan {
    var data: [GridDataset: GridData] = [:]
    var unavailable: [String: String] = [:]
    for entry in spec.datasets {
      log("loading \(entry.label)")
      do { data[entry] = try GridData.load(entry, cache: cache) } catch {
        unavailable[entry.name] = "\(error)"
      }
    }
    var hashes: [String: String] = [:]
    var checkpoints = Set(spec.architectures.compactMap { $0.original?.checkpoint })
    if let path = spec.original.checkpoint { checkpoints.insert(path) }
    for path in checkpoints.sorted() {
      guard let hash = try? Checksum.sha256(of: URL(fileURLWithPath: path)) else {
        unavailable[path] =
          "\(path) does not exist: the checkpoint is not on this machine (run from the folder the grid's paths are relative to)"
        continue
      }
      hashes[path] = hash
    }
    let stored = store.ids
    let results = Dictionary(
      uniqueKeysWithValues: stored.compactMap { id in
        (try? ResultStore.read(store.url(of: id))).map { (id, $0.status) }
      })
    var entries: [Entry] = []
    for cell in cells ?? spec.cells {
      guard let fingerprint = data[cell.dataset]?.fingerprint else {
        entries.append(
          Entry(cell: cell, id: nil, state: .unavailable, reason: unavailable[cell.dataset.name]))
        continue
      }
      var sha: String? = nil
      if let path = cell.original.checkpoint {
        sha = hashes[path]
        if let expected = cell.original.sha256, let sha, sha != expected {
          entries.append(
            Entry(
              cell: cell, id: nil, state: .unavailable,
              reason:
                "\(path) has SHA-256 \(sha), the grid expects \(expected): the wrong file, or fix the grid's sha256"
            ))
          continue
        }
        if sha == nil && cell.original.sha256 == nil {
          entries.append(
            Entry(cell: cell, id: nil, state: .unavailable, reason: unavailable[path]))
          continue
        }
      }
      let id = RunKey.id(cell, datasetFingerprint: fingerprint, checkpointSHA256: sha)
      let state: State =
        switch results[id] {
        case .done: .done
        case .failed: .failed
        case nil: stored.contains(id) ? .failed : .missing
        }
      let missingCheckpoint = cell.original.checkpoint != nil && sha == nil
      entries.append(
        Entry(
          cell: cell, id: id, state: missingCheckpoint && state == .missing ? .unavailable : state,
          reason: missingCheckpoint ? unavailable[cell.original.checkpoint!] : nil))
    }
    let known = Set(entries.compactMap(\.id))
    return GridPlan(
      spec: spec, entries: entries, data: data, unavailable: unavailable,
      checkpointHashes: hashes, orphans: stored.subtracting(known).sorted())
  }

  /// The entries `selection` picks, in grid order.
  public func selected(_ selection: CellSelection) -> [Entry] {
    selection.shardSlice(entries).filter { selection.matches($0.cell, id: $0.id ?? "") }
  }
}
