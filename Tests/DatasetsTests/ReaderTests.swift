import Datasets
import Engine
import Foundation
import TestSupport
import Testing

/// Every reader on small files the tests write in the real formats, plus corrupt
/// variants: truncated, wrong magic, wrong record size, bad labels.
struct ReaderTests {
  /// A small dataset with recognisable pixels: image i, channel c, pixel j holds (i·7 + c·3 + j) mod 256.
  static func pattern(count: Int, shape: [Int], classes: Int) -> ImageDataset {
    let size = shape.reduce(1, *)
    var pixels = [UInt8](repeating: 0, count: count * size)
    for i in 0..<count {
      for j in 0..<size { pixels[i * size + j] = UInt8((i * 7 + j * 3 + j / 97) % 256) }
    }
    return ImageDataset(
      name: "pattern", imageShape: shape, pixels: pixels, labels: (0..<count).map { $0 % classes },
      classNames: (0..<classes).map { "c\($0)" })
  }

  static func error(_ body: () throws -> Void) -> DatasetError? {
    do {
      try body()
      return nil
    } catch let error as DatasetError {
      return error
    } catch {
      Issue.record("unexpected error type: \(error)")
      return nil
    }
  }

  @Test func cifar10BinaryRoundTrip() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let folder = directory.file("cifar-10-batches-bin")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let data = Self.pattern(count: 12, shape: [3, 32, 32], classes: 10)
    for (index, range) in [(1, 0..<2), (2, 2..<4), (3, 4..<6), (4, 6..<8), (5, 8..<10)] {
      try CIFARBinary.encode(data.subset(Array(range))).write(
        to: folder.appendingPathComponent("data_batch_\(index).bin"))
    }
    try CIFARBinary.encode(data.subset([10, 11])).write(
      to: folder.appendingPathComponent("test_batch.bin"))
    let train = try CIFARBinary.cifar10(directory: folder, split: "train")
    #expect(train.count == 10)
    #expect(train.pixels == data.subset(Array(0..<10)).pixels)
    #expect(train.labels == Array(0..<10))
    #expect(train.classNames == CIFARBinary.cifar10Classes)
    let test = try CIFARBinary.cifar10(directory: folder, split: "test")
    #expect(test.labels == [0, 1])
  }

  @Test func cifar100CarriesCoarseAndFineLabels() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let data = Self.pattern(count: 5, shape: [3, 32, 32], classes: 100)
    try CIFARBinary.encode(data, coarseLabels: [3, 1, 4, 1, 5]).write(
      to: directory.file("test.bin"))
    let read = try CIFARBinary.cifar100(directory: directory.url, split: "test")
    #expect(read.labels == [0, 1, 2, 3, 4])
    #expect(read.coarseLabels == [3, 1, 4, 1, 5])
    #expect(read.pixels == data.pixels)
  }

  @Test func corruptCIFARFilesNameTheFileAndTheRecord() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let data = CIFARBinary.encode(Self.pattern(count: 3, shape: [3, 32, 32], classes: 10))
    try data.prefix(data.count - 100).write(to: directory.file("test_batch.bin"))
    let truncated = Self.error {
      _ = try CIFARBinary.cifar10(directory: directory.url, split: "test")
    }
    #expect(truncated?.path.hasSuffix("test_batch.bin") == true)
    #expect(truncated?.location == "byte 6146")
    #expect(truncated?.message.contains("3073-byte records") == true)
    var badLabel = data
    badLabel[3073] = 42
    try badLabel.write(to: directory.file("test_batch.bin"))
    let label = Self.error { _ = try CIFARBinary.cifar10(directory: directory.url, split: "test") }
    #expect(label?.location == "record 1 (byte 3073)")
    #expect(label?.message.contains("label 42") == true)
    // A CIFAR-100 file (3,074-byte records) read as CIFAR-10 has the wrong record size.
    try CIFARBinary.encode(
      Self.pattern(count: 3, shape: [3, 32, 32], classes: 10), coarseLabels: [0, 0, 0]
    ).write(to: directory.file("test_batch.bin"))
    #expect(
      Self.error { _ = try CIFARBinary.cifar10(directory: directory.url, split: "test") } != nil)
  }

  @Test(arguments: [false, true])
  func idxRoundTrip(gzip: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let data = Self.pattern(count: 6, shape: [1, 28, 28], classes: 10)
    var images = IDX.encode(dimensions: [6, 28, 28], data: data.pixels)
    var labels = IDX.encode(dimensions: [6], data: data.labels.map(UInt8.init))
    if gzip {
      images = try Codecs.gzip(images)
      labels = try Codecs.gzip(labels)
    }
    try images.write(to: directory.file("images"))
    try labels.write(to: directory.file("labels"))
    let read = try IDX.dataset(
      images: directory.file("images"), labels: directory.file("labels"), name: "f",
      classNames: IDX.fashionMNISTClasses)
    #expect(read.pixels == data.pixels)
    #expect(read.labels == data.labels)
    #expect(read.imageShape == [1, 28, 28])
  }

  @Test func corruptIDXFilesAreClearErrors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let good = IDX.encode(dimensions: [2, 4, 4], data: [UInt8](repeating: 1, count: 32))
    var magic = good
    magic[0] = 7
    try magic.write(to: directory.file("magic"))
    #expect(Self.error { _ = try IDX.read(directory.file("magic")) }?.location == "byte 0")
    try good.prefix(good.count - 5).write(to: directory.file("short"))
    #expect(
      Self.error { _ = try IDX.read(directory.file("short")) }?.message.contains("truncated")
        == true)
    var type = good
    type[2] = 0x0D
    try type.write(to: directory.file("type"))
    #expect(Self.error { _ = try IDX.read(directory.file("type")) }?.location == "byte 2")
    try Codecs.gzip(good).prefix(20).write(to: directory.file("cut.gz"))
    #expect(Self.error { _ = try IDX.read(directory.file("cut.gz")) } != nil)
    // Labels that do not match the images in count.
    try good.write(to: directory.file("images"))
    try IDX.encode(dimensions: [3], data: [0, 1, 2]).write(to: directory.file("labels"))
    #expect(
      Self.error {
        _ = try IDX.dataset(
          images: directory.file("images"), labels: directory.file("labels"), name: "x",
          classNames: ["a", "b", "c"])
      }?.message.contains("3") == true)
  }

  @Test func imageFolderReadsJPEGAndPNGInSortedClassOrder() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let red = DecodedImage(
      width: 8, height: 8, channels: 3, pixels: (0..<64).flatMap { _ in [UInt8(200), 10, 10] })
    let gradient = DecodedImage(
      width: 8, height: 8, channels: 1, pixels: (0..<64).map { UInt8($0 * 4) })
    for (folder, name, data) in [
      ("zebra", "a.png", try Codecs.encodePNG(gradient)),
      ("apple", "b.jpg", try Codecs.encodeJPEG(red, quality: 95)),
      ("apple", "a.PNG", try Codecs.encodePNG(red)), ("apple", "notes.txt", Data("x".utf8)),
    ] {
      let url = directory.url.appendingPathComponent("train/\(folder)/\(name)")
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url)
    }
    let read = try ImageFolder.read(root: directory.url, split: "train", name: "toy")
    #expect(read.classNames == ["apple", "zebra"])
    #expect(read.labels == [0, 0, 1])
    #expect(read.imageShape == [3, 8, 8])
    // The PNG is exact; the gray PNG became RGB; the JPEG is close.
    #expect(Array(read.pixels[0..<64]) == [UInt8](repeating: 200, count: 64))
    #expect(Array(read.pixels[(2 * 192 + 64)..<(2 * 192 + 128)]) == gradient.pixels)
    #expect(abs(Int(read.pixels[192]) - 200) <= 4)
  }

  @Test func imageFolderErrorsNameTheImage() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let folder = directory.url.appendingPathComponent("test/cat")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let image = DecodedImage(
      width: 8, height: 8, channels: 3, pixels: [UInt8](repeating: 90, count: 192))
    try Codecs.encodeJPEG(image).write(to: folder.appendingPathComponent("a.jpg"))
    let jpeg = try Codecs.encodeJPEG(image)
    try jpeg.prefix(jpeg.count / 2).write(to: folder.appendingPathComponent("b.jpg"))
    let error = Self.error {
      _ = try ImageFolder.read(root: directory.url, split: "test", name: "x")
    }
    #expect(error?.path.hasSuffix("b.jpg") == true)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("b.jpg"))
    try Codecs.encodePNG(
      DecodedImage(width: 9, height: 8, channels: 3, pixels: [UInt8](repeating: 1, count: 216))
    ).write(to: folder.appendingPathComponent("c.png"))
    let size = Self.error {
      _ = try ImageFolder.read(root: directory.url, split: "test", name: "x")
    }
    #expect(size?.message.contains("9×8") == true)
    #expect(
      Self.error { _ = try ImageFolder.read(root: directory.url, split: "missing", name: "x") }
        != nil)
  }

  @Test func geometryResizesTheShorterSideAndCropsTheCentre() {
    let image = DecodedImage(
      width: 40, height: 20, channels: 1, pixels: (0..<800).map { UInt8(($0 % 40) * 6) })
    let result = ImageFolder.apply(
      ImageFolder.Geometry(resizeShorterSide: 10, centerCrop: 8), to: image)
    #expect(result.width == 8 && result.height == 8)
    // Columns increase left to right, and the crop is the middle of the 20-wide resize.
    #expect(result.pixels[0] < result.pixels[7])
    #expect(abs(Int(result.pixels[3]) + Int(result.pixels[4]) - 2 * 117) < 30)
  }

  @Test func tarRoundTripAndTruncation() throws {
    let files = [("a/b.txt", Data("hello".utf8)), ("c.bin", Data(repeating: 7, count: 1000))]
    let archive = TarArchive.archive(files.map { (path: $0.0, data: $0.1) })
    let entries = try TarArchive.entries(of: archive, path: "t.tar")
    #expect(entries.map(\.path) == ["a/b.txt", "c.bin"])
    #expect(entries.map(\.data) == files.map(\.1))
    #expect(
      Self.error { _ = try TarArchive.entries(of: archive.prefix(700), path: "t.tar") }?.message
        .contains("truncated") == true)
    var corrupt = archive
    corrupt[10] ^= 0xFF
    #expect(
      Self.error { _ = try TarArchive.entries(of: corrupt, path: "t.tar") }?.location == "byte 0")
  }

  /// Found by fuzzing (Scripts/fuzz Tar): an absolute or climbing entry name was accepted
  /// by the reader and refused only while unpacking, after earlier files were written.
  @Test(arguments: ["/etc/passwd", "a/../../b", "../x", "/rc0/train/cat/0001.jpg"])
  func anEntryLeavingTheFolderRefusesTheWholeArchive(name: String) {
    let archive = TarArchive.archive([
      (path: "fine/first.txt", data: Data("ok".utf8)), (path: name, data: Data("x".utf8)),
    ])
    #expect(
      Self.error { _ = try TarArchive.entries(of: archive, path: "t.tar") }?.message
        .contains("points outside") == true)
  }

  @Test func randomTruncationsAndBitFlipsNeverCrash() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let cifar = CIFARBinary.encode(Self.pattern(count: 2, shape: [3, 32, 32], classes: 10))
    let idx = try Codecs.gzip(
      IDX.encode(dimensions: [3, 4, 4], data: [UInt8](repeating: 3, count: 48)))
    let image = DecodedImage(
      width: 16, height: 16, channels: 3, pixels: (0..<768).map { UInt8($0 % 251) })
    let jpeg = try Codecs.encodeJPEG(image), png = try Codecs.encodePNG(image)
    let tar = try Codecs.gzip(
      TarArchive.archive([(path: "x", data: Data(repeating: 1, count: 600))]))
    var generator = SeededGenerator(seed: 3)
    var outcomes = (thrown: 0, read: 0)
    for trial in 0..<600 {
      let original = [cifar, idx, jpeg, png, tar][trial % 5]
      var bytes = original
      if trial % 2 == 0 {
        bytes = bytes.prefix(Int(generator.next() % UInt64(bytes.count)))
      } else {
        bytes[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(1 << (generator.next() % 8))
      }
      let url = directory.file("fuzz")
      try bytes.write(to: url)
      do {
        switch trial % 5 {
        case 0: _ = try CIFARBinary.read(url, labelBytes: 1, classCounts: [10])
        case 1: _ = try IDX.read(url)
        case 2, 3: _ = try Codecs.decodeImage(bytes, path: "fuzz")
        default: _ = try TarArchive.entries(of: Codecs.gunzip(bytes, path: "fuzz"), path: "fuzz")
        }
        outcomes.read += 1
      } catch is DatasetError {
        outcomes.thrown += 1
      }
    }
    #expect(outcomes.thrown + outcomes.read == 600)
    #expect(outcomes.thrown >= 300)
  }
}

/// The official Fashion-MNIST files as Debian's `dataset-fashion-mnist` installs them.
struct FashionMNISTTests {
  static let folder = "/usr/share/datasets/fashion-mnist"

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: folder + "/t10k-labels-idx1-ubyte.gz"),
      "/usr/share/datasets/fashion-mnist is missing (apt-get install dataset-fashion-mnist)"))
  func debianCopyReadsWithTheIDXReader() throws {
    let reference = DatasetReference(parsing: "fashion-mnist:\(Self.folder)")
    let test = try DatasetCatalog.load(reference, split: "test")
    #expect(test.count == 10_000)
    #expect(test.imageShape == [1, 28, 28])
    #expect((0..<10).allSatisfy { label in test.labels.filter { $0 == label }.count == 1_000 })
    #expect(test.name == "Fashion-MNIST")
    let train = try DatasetCatalog.load(reference, split: "train")
    #expect(train.count == 60_000)
  }
}
