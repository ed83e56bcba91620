import Datasets
import Foundation
import Results

/// A dataset as a command names it: `NAME` or `NAME:PATH`, the cache it is read from, and
/// the subset options (a balanced per-class limit, the synthetic set's size).
public struct DatasetSource: Sendable {
  public var reference: String
  public var cacheRoot: URL
  public var limitPerClass: Int?
  public var syntheticCount: Int?

  public init(reference: String, cacheRoot: URL, limitPerClass: Int?, syntheticCount: Int?) {
    self.reference = reference
    self.cacheRoot = cacheRoot
    self.limitPerClass = limitPerClass
    self.syntheticCount = syntheticCount
  }

  /// The catalogue name before any `:PATH`.
  public var name: String { parsed.name }
  /// The `PATH` after `NAME:`, if any.
  public var path: String? { parsed.path }

  var parsed: DatasetReference { DatasetReference(parsing: reference) }
  var cacheFolder: URL { CacheDirectory.datasets(in: cacheRoot) }

  /// The split's images; the training split limited to `limitPerClass` per class when set.
  func load(split: String, seed: UInt64) throws -> ImageDataset {
    let count = syntheticCount.map {
      split == "train" ? $0 : GridDataset.syntheticTestCount(train: $0)
    }
    var data = try DatasetCatalog.load(
      parsed, split: split, cache: cacheFolder, syntheticCount: count, seed: seed)
    if split == "train", let limitPerClass {
      data = data.limited(perClass: limitPerClass, seed: seed)
    }
    return data
  }

  /// The normalisation the catalogue gives the dataset.
  func catalogueNormalization() throws -> Normalization {
    try DatasetCatalog.descriptor(name).normalization
  }
}
