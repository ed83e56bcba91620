import Foundation

/// Combines result folders (one per shard or machine) into one, by copying.
///
/// Idempotent: a file already present with the same bytes is skipped. Two files with the
/// same id and different content are a conflict: reported, never overwritten (the one
/// already in the destination stays), so no measured result is lost silently.
public enum ResultMerge {
  public struct Conflict: Sendable, CustomStringConvertible {
    public var id: String
    public var kept: String
    public var other: String
    public var description: String {
      "\(id): \(other) differs from \(kept) (kept \(kept); compare them and delete the wrong one)"
    }
  }

  public struct Report: Sendable {
    public var copied: [String] = []
    public var identical = 0
    public var conflicts: [Conflict] = []
    public var unreadable: [SpecError] = []
  }

  /// Copies every result of `sources` into `destination`.
  public static func merge(_ sources: [URL], into destination: URL) throws -> Report {
    var report = Report()
    let target = ResultStore(folder: destination)
    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
    for source in sources {
      let store = ResultStore(folder: source)
      guard FileManager.default.fileExists(atPath: source.path) else {
        throw SpecError(path: source.path, message: "does not exist; name a results folder")
      }
      for id in store.ids.sorted() {
        let from = store.url(of: id)
        do { _ = try ResultStore.read(from) } catch let error as SpecError {
          report.unreadable.append(error)
          continue
        }
        let data = try Data(contentsOf: from)
        let to = target.url(of: id)
        if let existing = try? Data(contentsOf: to) {
          if existing == data {
            report.identical += 1
          } else {
            report.conflicts.append(Conflict(id: id, kept: to.path, other: from.path))
          }
          continue
        }
        try JSONFile.writeAtomically(data, to: to)
        report.copied.append(id)
      }
    }
    return report
  }
}
