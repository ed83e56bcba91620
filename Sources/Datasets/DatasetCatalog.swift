import Foundation
import Results

/// The datasets ocnna knows by name: where their files live in the cache, how they are
/// downloaded and verified, how they are normalised, and how they are read.
///
/// A dataset is named on the command line as `NAME` or `NAME:PATH`, where PATH is a
/// folder that holds the dataset's files instead of the cache (for example
/// `fashion-mnist:/usr/share/datasets/fashion-mnist`, or `folder:/data/imagenet`).
public struct DatasetDescriptor: Sendable {
  /// The catalogue entry: name, display name and class count.
  public var entry: DatasetName
  public var imageShape: [Int]
  public var normalization: Normalization
  /// What `ocnna datasets fetch` downloads; empty for generated or imported sets.
  public var remoteFiles: [RemoteFile]
  /// The local archive `ocnna datasets import` checks and unpacks, for imported sets.
  public var archive: RemoteFile? = nil
  /// How a user gets the files.
  public var howToGet: String

  public var name: String { entry.slug }
  /// The name results and reports print, with the variant ("CIFAR-10 (JPEG q75)").
  public var displayName: String { entry.displayName }
  public var classCount: Int { entry.classCount }

  /// The folder under the dataset cache that holds the files.
  public func folder(in cache: URL) -> URL { cache.appendingPathComponent(name) }
}

/// A dataset as named on the command line: `NAME` or `NAME:PATH`.
public struct DatasetReference: Hashable, Sendable, CustomStringConvertible {
  public var name: String
  public var path: String?

  public init(name: String, path: String? = nil) {
    self.name = name
    self.path = path
  }

  /// Parses `NAME` or `NAME:PATH`.
  public init(parsing text: String) {
    if let colon = text.firstIndex(of: ":") {
      self.init(name: String(text[..<colon]), path: String(text[text.index(after: colon)...]))
    } else {
      self.init(name: text)
    }
  }

  public var description: String { path.map { "\(name):\($0)" } ?? name }
}

public enum DatasetCatalog {
  // Archive names come from the catalogue of dataset names, the one place they are kept.
  public static let cifar10JPEGArchive = RemoteFile(
    name: DatasetName.cifar10JPEG.archiveName!, url: "(a local copy; see ../shared/data/README.md)",
    size: 19_433_766,
    sha256: "097287809041e0a666355dfce11470ba1b3f2631fe910d8793c716253f10b297")
  public static let cifar100PNGArchive = RemoteFile(
    name: DatasetName.cifar100PNG.archiveName!, url: "(a local copy; see ../shared/data/README.md)",
    size: 132_388_253,
    sha256: "a94c10662fd1f48c31a0d671ec24734b5bbcee9389a0ca332d90238827003768")

  /// Every known dataset.
  public static let all: [DatasetDescriptor] = [
    DatasetDescriptor(
      entry: .synthetic,
      imageShape: [3, 32, 32],
      normalization: .centred(channels: 3), remoteFiles: [],
      howToGet: "generated on demand from a seed; nothing to fetch"),
    DatasetDescriptor(
      entry: .cifar10, imageShape: [3, 32, 32],
      normalization: .cifar10,
      remoteFiles: [
        RemoteFile(
          name: "cifar-10-binary.tar.gz",
          url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", size: 170_052_171,
          sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
          md5: "c32a1d4ab5d03f1284b67883e8d87530")
      ], howToGet: "ocnna datasets fetch cifar10"),
    DatasetDescriptor(
      entry: .cifar100, imageShape: [3, 32, 32],
      normalization: .cifar100,
      remoteFiles: [
        RemoteFile(
          name: "cifar-100-binary.tar.gz",
          url: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", size: 168_513_733,
          md5: "03b5dce01913d631647c71ecec9e9cb8")
      ], howToGet: "ocnna datasets fetch cifar100"),
    DatasetDescriptor(
      entry: .fashionMNIST, imageShape: [1, 28, 28],
      normalization: .fashionMNIST,
      remoteFiles: [
        ("train-images-idx3-ubyte.gz", 26_421_880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", 29_515, "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", 4_422_102, "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", 5_148, "bb300cfdad3c16e7a12a480ee83cd310"),
      ].map {
        RemoteFile(
          name: $0.0, url: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/\($0.0)",
          size: $0.1, md5: $0.2)
      },
      howToGet:
        "ocnna datasets fetch fashion-mnist, or apt-get install dataset-fashion-mnist and name fashion-mnist:/usr/share/datasets/fashion-mnist"
    ),
    DatasetDescriptor(
      entry: .cifar10JPEG,
      imageShape: [3, 32, 32],
      normalization: .cifar10JPEG, remoteFiles: [], archive: cifar10JPEGArchive,
      howToGet: "ocnna datasets import cifar10-jpeg PATH/cifar10-jpg.tar.gz"),
    // The PNGs are the official pixels, so the official training statistics hold.
    DatasetDescriptor(
      entry: .cifar100PNG,
      imageShape: [3, 32, 32],
      normalization: .cifar100, remoteFiles: [], archive: cifar100PNGArchive,
      howToGet: "ocnna datasets import cifar100-png PATH/cifar100-png.tar.gz"),
    DatasetDescriptor(
      entry: .folder, imageShape: [3, 224, 224],
      normalization: .imageNet,
      remoteFiles: [], howToGet: "name it folder:PATH, with PATH/<split>/<class>/*.jpg"),
  ]

  /// The descriptor called `name`, or an error listing the known names.
  public static func descriptor(_ name: String) throws -> DatasetDescriptor {
    guard let descriptor = all.first(where: { $0.name == name }) else {
      throw DatasetError(
        path: name, message: "is not a known dataset",
        fix: "use one of \(all.map(\.name).joined(separator: ", "))")
    }
    return descriptor
  }

  /// Reads `split` ("train" or "test") of the referenced dataset.
  public static func load(
    _ reference: DatasetReference, split: String, cache: URL = CacheDirectory.datasets(),
    syntheticCount: Int? = nil, seed: UInt64 = 0
  ) throws -> ImageDataset {
    let descriptor = try descriptor(reference.name)
    let folder =
      reference.path.map { URL(fileURLWithPath: $0, isDirectory: true) }
      ?? descriptor.folder(in: cache)
    func require(_ url: URL) throws -> URL {
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw DatasetError(
          path: url.path, message: "does not exist: \(descriptor.displayName) is not present",
          fix: descriptor.howToGet)
      }
      return url
    }
    var dataset: ImageDataset
    switch descriptor.entry {
    case .synthetic:
      return SyntheticDataset.make(split: split, count: syntheticCount, seed: seed)
    case .cifar10:
      dataset = try CIFARBinary.cifar10(
        directory: require(folder.appendingPathComponent("cifar-10-batches-bin")), split: split)
    case .cifar100:
      dataset = try CIFARBinary.cifar100(
        directory: require(folder.appendingPathComponent("cifar-100-binary")), split: split)
    case .fashionMNIST:
      let prefix = split == "train" ? "train" : "t10k"
      dataset = try IDX.dataset(
        images: require(folder.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz")),
        labels: require(folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte.gz")),
        name: descriptor.displayName, classNames: IDX.fashionMNISTClasses)
    case .cifar10JPEG:
      dataset = try ImageFolder.read(
        root: require(folder), split: split, name: descriptor.displayName)
    case .cifar100PNG:
      let labels = try CIFAR100Labels.read(require(folder.appendingPathComponent("labels.tsv")))
      dataset = try ImageFolder.read(
        root: require(folder), split: split, name: descriptor.displayName,
        classes: labels.fineNames)
      dataset.coarseLabels = dataset.labels.map { labels.coarseIDs[$0] }
    default:
      guard reference.path != nil else {
        throw DatasetError(path: "folder", message: "needs a path", fix: "name it folder:PATH")
      }
      dataset = try ImageFolder.read(
        root: require(folder), split: split, name: "image folder \(folder.lastPathComponent)",
        geometry: .imageNet)
    }
    dataset.name = descriptor.name == "folder" ? dataset.name : descriptor.displayName
    return dataset
  }

  /// Whether the files of `descriptor` are in the cache.
  public static func isPresent(
    _ descriptor: DatasetDescriptor, cache: URL = CacheDirectory.datasets()
  ) -> Bool {
    let folder = descriptor.folder(in: cache)
    switch descriptor.entry {
    case .synthetic: return true
    case .cifar10:
      return FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("cifar-10-batches-bin/test_batch.bin").path)
    case .cifar100:
      return FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("cifar-100-binary/test.bin").path)
    case .fashionMNIST:
      return descriptor.remoteFiles.allSatisfy {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.name).path)
      }
    case .cifar10JPEG:
      return FileManager.default.fileExists(atPath: folder.appendingPathComponent("test").path)
    case .cifar100PNG:
      return FileManager.default.fileExists(atPath: folder.appendingPathComponent("test").path)
        && FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("labels.tsv").path)
    default: return false
    }
  }

  /// Downloads (resuming, verifying) the dataset's files into the cache and unpacks archives.
  public static func fetch(
    _ descriptor: DatasetDescriptor, cache: URL = CacheDirectory.datasets(), mirror: URL? = nil,
    progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }
  ) throws {
    guard !descriptor.remoteFiles.isEmpty else {
      throw DatasetError(
        path: descriptor.name, message: "has nothing to download", fix: descriptor.howToGet)
    }
    let folder = descriptor.folder(in: cache)
    for file in descriptor.remoteFiles {
      let downloaded = try Downloader.fetch(file, into: folder, mirror: mirror) {
        progress(file.name, $0, $1)
      }
      if file.name.hasSuffix(".tar.gz") { try unpack(downloaded, into: folder) }
    }
  }

  /// Checks a local archive against the size and SHA-256 the catalogue records for
  /// `name` (`cifar10-jpeg`: `cifar10-jpg.tar.gz`; `cifar100-png`: `cifar100-png.tar.gz`)
  /// and unpacks it into the cache; returns the dataset's folder.
  @discardableResult
  public static func importArchive(
    _ name: String, from archive: URL, cache: URL = CacheDirectory.datasets()
  ) throws -> URL {
    let descriptor = try descriptor(name)
    guard let expected = descriptor.archive else {
      throw DatasetError(
        path: name, message: "is not imported from a local archive",
        fix:
          "import one of \(all.filter { $0.archive != nil }.map(\.name).joined(separator: ", ")); \(descriptor.howToGet)"
      )
    }
    try expected.verify(archive)
    let folder = descriptor.folder(in: cache)
    try unpack(archive, into: folder)
    return folder
  }

  /// Unpacks a `.tar.gz` into `folder` through a temporary sibling folder, so an
  /// interrupted unpack never leaves a half dataset under the final name.
  static func unpack(_ archive: URL, into folder: URL) throws {
    let manager = FileManager.default
    let entries = try TarArchive.entries(
      of: Codecs.gunzip(Data(contentsOf: archive), path: archive.path), path: archive.path)
    let staging = folder.deletingLastPathComponent().appendingPathComponent(
      ".\(folder.lastPathComponent)-unpacking")
    try? manager.removeItem(at: staging)
    try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    // `TarArchive.entries` has refused any entry that would leave the folder.
    for entry in entries {
      let parts = entry.path.split(separator: "/").filter { $0 != "." }
      let target = staging.appendingPathComponent(parts.joined(separator: "/"))
      try manager.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try entry.data.write(to: target)
    }
    // Keep files fetched earlier (the archive itself) beside the unpacked ones.
    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    for item in try manager.contentsOfDirectory(atPath: staging.path) {
      let destination = folder.appendingPathComponent(item)
      try? manager.removeItem(at: destination)
      try manager.moveItem(at: staging.appendingPathComponent(item), to: destination)
    }
    try manager.removeItem(at: staging)
  }
}
