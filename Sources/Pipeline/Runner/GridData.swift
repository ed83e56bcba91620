import Datasets
import Foundation
import Results

/// The images of one grid dataset: the training subset every cell uses, the test subset it
/// is evaluated on, the input normalisation, and the fingerprint that goes into run keys.
public struct GridData: Sendable {
  public var train: ImageDataset
  public var test: ImageDataset
  public var normalization: Normalization
  /// SHA-256 over the training and test subsets actually used.
  public var fingerprint: String

  /// Loads `entry` from `cache` (importing its archive first when it names one and the
  /// dataset is missing). Subsets are drawn with seed 0, the same for every cell.
  public static func load(_ entry: GridDataset, cache: URL) throws -> GridData {
    let descriptor = try DatasetCatalog.descriptor(entry.name)
    if let archive = entry.archive, entry.path == nil,
      !DatasetCatalog.isPresent(descriptor, cache: cache)
    {
      let url = URL(fileURLWithPath: archive)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw DatasetError(
          path: archive, message: "does not exist and \(descriptor.displayName) is not cached",
          fix: descriptor.howToGet)
      }
      try DatasetCatalog.importArchive(entry.name, from: url, cache: cache)
    }
    let reference = DatasetReference(name: entry.name, path: entry.path)
    let trainCount = entry.syntheticCount
    var train = try DatasetCatalog.load(
      reference, split: "train", cache: cache, syntheticCount: trainCount, seed: 0)
    var test = try DatasetCatalog.load(
      reference, split: "test", cache: cache,
      syntheticCount: trainCount.map { GridDataset.syntheticTestCount(train: $0) },
      seed: 0)
    if let limit = entry.limitPerClass { train = train.limited(perClass: limit, seed: 0) }
    if let limit = entry.testLimitPerClass { test = test.limited(perClass: limit, seed: 0) }
    let normalization =
      descriptor.entry == .folder ? Normalization.imageNet : descriptor.normalization
    return GridData(
      train: train, test: test, normalization: normalization,
      fingerprint: fingerprint(train: train, test: test))
  }

  /// A result's one data fingerprint: SHA-256 over the fingerprints of the training and
  /// the test images (each over its images and labels).
  public static func fingerprint(train: ImageDataset, test: ImageDataset) -> String {
    Checksum.sha256(Data((train.fingerprint + test.fingerprint).utf8))
  }
}
