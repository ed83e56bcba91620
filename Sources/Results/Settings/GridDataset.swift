import Foundation

/// One dataset of a grid and the part of it used.
public struct GridDataset: Hashable, Sendable, Codable {
  /// A catalog name (`synthetic`, `cifar10`, `cifar10-jpeg`, …).
  public var name: String
  /// Where the files are (default: the cache).
  public var path: String?
  /// An archive to import when the dataset is not in the cache (`cifar10-jpeg`,
  /// `cifar100-png`: the datasets whose catalogue entry names an archive).
  public var archive: String?
  /// A balanced subset of this many training images per class.
  public var limitPerClass: Int?
  /// A balanced subset of this many test images per class.
  public var testLimitPerClass: Int?
  /// Training images of the synthetic dataset (its test split gets a fifth).
  public var syntheticCount: Int?

  public init(
    name: String, path: String? = nil, archive: String? = nil, limitPerClass: Int? = nil,
    testLimitPerClass: Int? = nil, syntheticCount: Int? = nil
  ) {
    self.name = name
    self.path = path
    self.archive = archive
    self.limitPerClass = limitPerClass
    self.testLimitPerClass = testLimitPerClass
    self.syntheticCount = syntheticCount
  }

  public init(from decoder: Decoder) throws {
    let f = try StrictFields(
      decoder,
      allowed: [
        "name", "path", "archive", "limitPerClass", "testLimitPerClass", "syntheticCount",
      ])
    name = try f.required("name")
    guard DatasetName.named(name) != nil else {
      throw f.invalid(
        "name",
        "'\(name)' is not a dataset; use one of \(DatasetName.all.map(\.slug).joined(separator: ", "))"
      )
    }
    path = try f.optional("path")
    archive = try f.optional("archive")
    limitPerClass = try f.optional("limitPerClass")
    testLimitPerClass = try f.optional("testLimitPerClass")
    syntheticCount = try f.optional("syntheticCount")
    for (field, value, range) in [
      ("limitPerClass", limitPerClass, InputLimits.imagesPerClass),
      ("testLimitPerClass", testLimitPerClass, InputLimits.imagesPerClass),
      ("syntheticCount", syntheticCount, InputLimits.syntheticImages),
    ] {
      if let value, let problem = InputLimits.problem(value, in: range) {
        throw f.invalid(field, "\(problem) images")
      }
    }
    if syntheticCount != nil, name != DatasetName.synthetic.slug {
      throw f.invalid("syntheticCount", "applies to the synthetic dataset only")
    }
    if archive != nil, DatasetName.named(name)?.archiveName == nil {
      throw f.invalid(
        "archive",
        "is only read for \(DatasetName.importable.map { "\($0.slug) (\($0.archiveName!))" }.joined(separator: ", "))"
      )
    }
    if name == "folder", path == nil { throw f.invalid("path", "is required for folder") }
  }

  /// How results name the data: the dataset's display name and the subset used.
  public var label: String {
    let display = DatasetName.named(name)?.displayName ?? name
    var parts: [String] = []
    if let limitPerClass { parts.append("\(limitPerClass) train/class") }
    if let testLimitPerClass { parts.append("\(testLimitPerClass) test/class") }
    if let syntheticCount { parts.append("\(syntheticCount) train images") }
    return parts.isEmpty ? display : "\(display), \(parts.joined(separator: ", "))"
  }
}

extension GridDataset {
  /// The synthetic dataset's images when a grid names no count, and its test split's share.
  public static let syntheticDefaultCount = 10_000
  public static func syntheticTestCount(train: Int) -> Int { max(1, train / 5) }

  /// Images in the split used: the balanced subset when limited per class, else the
  /// catalogue's full split (the synthetic dataset's from `syntheticCount`); nil for an
  /// image folder, whose size only its files know.
  public func splitImages(test: Bool) -> Int? {
    guard let entry = DatasetName.named(name) else { return nil }
    if let perClass = test ? testLimitPerClass : limitPerClass, entry.classCount > 0 {
      return perClass * entry.classCount
    }
    if name == DatasetName.synthetic.slug {
      let train = syntheticCount ?? Self.syntheticDefaultCount
      return test ? Self.syntheticTestCount(train: train) : train
    }
    return test ? entry.testImages : entry.trainImages
  }
}
