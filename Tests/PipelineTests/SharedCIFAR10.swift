import Datasets
import Foundation
import TestSupport

/// The real JPEG CIFAR-10 of `../shared/data`, imported once by the import code into a
/// temporary cache for every test that reads it; nil where `../shared` is missing.
enum SharedCIFAR10 {
  static let splits: Result<(train: ImageDataset, test: ImageDataset), Error>? = {
    guard let archive = SharedData.file("cifar10-jpg.tar.gz") else { return nil }
    return Result {
      let directory = try TemporaryDirectory("ocnna-cifar10-jpeg")
      defer { directory.remove() }
      try DatasetCatalog.importArchive("cifar10-jpeg", from: archive, cache: directory.url)
      let reference = DatasetReference(name: "cifar10-jpeg")
      return (
        try DatasetCatalog.load(reference, split: "train", cache: directory.url),
        try DatasetCatalog.load(reference, split: "test", cache: directory.url)
      )
    }
  }()
}
