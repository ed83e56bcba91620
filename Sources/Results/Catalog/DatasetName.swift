/// A dataset ocnna knows by name, with how results and reports print it.
///
/// This is the one catalogue of dataset names: the readers (`DatasetCatalog` in Datasets)
/// attach files, normalisation and loaders to these entries, grids are checked against
/// them, and the report groups results by their family. A dataset without an entry here
/// cannot be named anywhere.
public struct DatasetName: Hashable, Sendable {
  /// The name grids, the command line and results use (`cifar10-jpeg`).
  public var slug: String
  /// How results and reports print it, with the variant ("CIFAR-10 (JPEG q75)").
  public var displayName: String
  /// The dataset the report compares it under: both CIFAR-10 variants are "CIFAR-10", so
  /// that measured points meet published ones, with the variant shown as their scale.
  public var family: String
  /// Classes of the standard task (0 for an image folder, whose classes are its folders).
  public var classCount: Int
  /// Images in the standard training and test splits (nil where only the files know, or
  /// where the grid chooses: see `GridDataset.splitImages`).
  public var trainImages: Int? = nil
  public var testImages: Int? = nil
  /// The local archive `ocnna datasets import` reads for this dataset (nil: fetched or
  /// generated instead).
  public var archiveName: String? = nil

  public static let synthetic = DatasetName(
    slug: "synthetic", displayName: "synthetic (generated)", family: "synthetic", classCount: 10)
  public static let cifar10 = DatasetName(
    slug: "cifar10", displayName: "CIFAR-10", family: "CIFAR-10", classCount: 10,
    trainImages: 50_000, testImages: 10_000)
  public static let cifar100 = DatasetName(
    slug: "cifar100", displayName: "CIFAR-100", family: "CIFAR-100", classCount: 100,
    trainImages: 50_000, testImages: 10_000)
  public static let fashionMNIST = DatasetName(
    slug: "fashion-mnist", displayName: "Fashion-MNIST", family: "Fashion-MNIST", classCount: 10,
    trainImages: 60_000, testImages: 10_000)
  public static let cifar10JPEG = DatasetName(
    slug: "cifar10-jpeg", displayName: "CIFAR-10 (JPEG q75)", family: "CIFAR-10", classCount: 10,
    trainImages: 50_000, testImages: 10_000, archiveName: "cifar10-jpg.tar.gz")
  /// The real CIFAR-100 as lossless PNG folders (`cifar100-png.tar.gz` of `../shared/data`):
  /// pixel-exact official images, classes in the official fine-label order, but not the
  /// official interleaving of images within a split, hence its own name.
  public static let cifar100PNG = DatasetName(
    slug: "cifar100-png", displayName: "CIFAR-100 (PNG)", family: "CIFAR-100", classCount: 100,
    trainImages: 50_000, testImages: 10_000, archiveName: "cifar100-png.tar.gz")
  public static let folder = DatasetName(
    slug: "folder", displayName: "image folder", family: "image folder", classCount: 0)

  /// Every known dataset, in the order listings show them.
  public static let all: [DatasetName] = [
    .synthetic, .cifar10, .cifar100, .fashionMNIST, .cifar10JPEG, .cifar100PNG, .folder,
  ]

  /// Families in the order reports list them, including families only published results
  /// use; a family not listed comes after these, alphabetically.
  public static let familyOrder = ["CIFAR-10", "CIFAR-100", "ImageNet (ILSVRC-2012)"]

  /// The datasets `ocnna datasets import` reads from a local archive.
  public static var importable: [DatasetName] { all.filter { $0.archiveName != nil } }

  /// The entry called `slug`, or nil.
  public static func named(_ slug: String) -> DatasetName? { all.first { $0.slug == slug } }
}
