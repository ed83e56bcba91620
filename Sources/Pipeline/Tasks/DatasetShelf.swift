import Datasets
import Foundation
import Results

/// `ocnna datasets`: which datasets the cache holds, and fetching, importing, verifying
/// and previewing them.
public enum DatasetShelf {
  /// One catalogue dataset as `ocnna datasets list` shows it.
  public struct Entry: Sendable {
    public var name: String
    public var displayName: String
    public var present: Bool
    /// Where its files are kept; nil for the generated set and for image folders.
    public var folder: URL?
    public var howToGet: String
  }

  public static func list(cache: URL) -> [Entry] {
    DatasetCatalog.all.map { d in
      let kept = d.entry != .synthetic && d.entry != .folder
      return Entry(
        name: d.name, displayName: d.displayName,
        present: DatasetCatalog.isPresent(d, cache: cache),
        folder: kept ? d.folder(in: cache) : nil, howToGet: d.howToGet)
    }
  }

  /// Downloads, verifies and unpacks `name` into the cache; returns its folder.
  public static func fetch(
    _ name: String, cache: URL, mirror: URL?,
    progress: @escaping (_ file: String, _ bytes: Int, _ total: Int) -> Void
  ) throws -> (displayName: String, folder: URL) {
    let descriptor = try DatasetCatalog.descriptor(name)
    try DatasetCatalog.fetch(descriptor, cache: cache, mirror: mirror, progress: progress)
    return (descriptor.displayName, descriptor.folder(in: cache))
  }

  /// Checks the archive against its size and SHA-256 and unpacks it as dataset `name`;
  /// returns the dataset's display name and folder.
  public static func importArchive(_ name: String, from archive: URL, cache: URL) throws -> (
    displayName: String, folder: URL
  ) {
    let folder = try DatasetCatalog.importArchive(name, from: archive, cache: cache)
    return (try DatasetCatalog.descriptor(name).displayName, folder)
  }

  /// Verifies the downloaded files' checksums and reads both splits of every present
  /// dataset (or only `name`), reporting a line per split or failure; returns the failures.
  public static func verify(_ name: String?, cache: URL, report: (String) -> Void) throws -> Int {
    if let name { _ = try DatasetCatalog.descriptor(name) }
    var failures = 0
    for d in DatasetCatalog.all
    where (name == nil || d.name == name) && d.entry != .folder && d.entry != .synthetic {
      guard DatasetCatalog.isPresent(d, cache: cache) else {
        if name != nil { throw TaskError("\(d.name) is not present; get it: \(d.howToGet)") }
        continue
      }
      do {
        for file in d.remoteFiles {
          let url = d.folder(in: cache).appendingPathComponent(file.name)
          if FileManager.default.fileExists(atPath: url.path) { try file.verify(url) }
        }
        for split in ["train", "test"] {
          let data = try DatasetCatalog.load(
            DatasetReference(name: d.name), split: split, cache: cache)
          report(
            "\(d.name) \(split): \(data.count) images of \(data.imageShape), \(data.classCount) classes — ok"
          )
        }
      } catch {
        failures += 1
        report("\(d.name): \(error)")
      }
    }
    return failures
  }

  /// Writes a PNG contact sheet with `perClass` images of every class; returns the class names.
  public static func preview(_ data: DatasetSource, split: String, perClass: Int, to file: URL)
    throws -> (datasetName: String, classNames: [String])
  {
    let dataset = try data.load(split: split, seed: 0)
    try Codecs.encodePNG(ContactSheet.make(dataset, perClass: perClass)).write(
      to: file, options: .atomic)
    return (dataset.name, dataset.classNames)
  }
}
