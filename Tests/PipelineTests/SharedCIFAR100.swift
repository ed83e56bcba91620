import Datasets
import Foundation
import TestSupport

/// The real CIFAR-100 (lossless PNG) of `../shared/data`, imported once by the import
/// code into a temporary cache; only the test split is kept in memory. Nil where
/// `../shared` is missing.
enum SharedCIFAR100 {
  static let test: Result<ImageDataset, Error>? = {
    guard let archive = SharedData.file("cifar100-png.tar.gz") else { return nil }
    return Result {
      let directory = try TemporaryDirectory("ocnna-cifar100-png")
      defer { directory.remove() }
      try DatasetCatalog.importArchive("cifar100-png", from: archive, cache: directory.url)
      return try DatasetCatalog.load(
        DatasetReference(name: "cifar100-png"), split: "test", cache: directory.url)
    }
  }()
}
