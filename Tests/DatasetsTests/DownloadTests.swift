import Datasets
import Foundation
import Results
import TestSupport
import Testing

/// The download code against a local HTTP server started by the test (these machines
/// have no internet): verification, resuming, and what a bad download leaves behind.
struct DownloadTests {
  static let payload = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 31 + $0 / 7) })
  static let file = RemoteFile(
    name: "data.bin", url: "http://unused.invalid/data.bin", size: payload.count,
    sha256: Checksum.sha256(payload))

  @Test func downloadsAndVerifies() throws {
    let server = try LocalHTTPServer(files: ["/data.bin": Self.payload])
    defer { server.stop() }
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
    #expect(try Data(contentsOf: url) == Self.payload)
    #expect(!FileManager.default.fileExists(atPath: directory.file("data.bin.part").path))
    // A second fetch finds the verified file and asks nothing.
    _ = try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
    #expect(server.rangesReceived.count == 1)
  }

  @Test func anInterruptedDownloadResumesWithARangeRequest() throws {
    let server = try LocalHTTPServer(files: ["/data.bin": Self.payload])
    defer { server.stop() }
    server.dropAfter = 70_000
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    #expect(throws: (any Error).self) {
      try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
    }
    let partial = try Data(contentsOf: directory.file("data.bin.part"))
    #expect(partial.count > 0 && partial.count <= 70_000)
    #expect(!FileManager.default.fileExists(atPath: directory.file("data.bin").path))
    let url = try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
    #expect(server.rangesReceived.last == "bytes=\(partial.count)-")
    #expect(try Data(contentsOf: url) == Self.payload)
  }

  @Test func aServerThatIgnoresRangesStillGivesTheRightFile() throws {
    let server = try LocalHTTPServer(files: ["/data.bin": Self.payload])
    defer { server.stop() }
    server.ignoresRange = true
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try Self.payload.prefix(1000).write(to: directory.file("data.bin.part"))
    let url = try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
    #expect(try Data(contentsOf: url) == Self.payload)
  }

  @Test func aWrongChecksumLeavesNothingBehind() throws {
    var corrupted = Self.payload
    corrupted[12_345] ^= 1
    let server = try LocalHTTPServer(files: ["/data.bin": corrupted])
    defer { server.stop() }
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    do {
      try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
      Issue.record("no error")
    } catch let error as DatasetError {
      #expect(error.message.contains("SHA-256"))
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("data.bin").path))
    #expect(!FileManager.default.fileExists(atPath: directory.file("data.bin.part").path))
  }

  @Test func aMissingFileIsAClearError() throws {
    let server = try LocalHTTPServer(files: [:])
    defer { server.stop() }
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    do {
      try Downloader.fetch(Self.file, into: directory.url, mirror: server.baseURL)
      Issue.record("no error")
    } catch let error as DatasetError {
      #expect(error.message.contains("404"))
    }
  }

  @Test func fileMirrorsAndArchivesUnpackIntoTheCache() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    // A CIFAR-10 binary archive in the official layout, served from a file:// mirror.
    let images = ReaderTests.pattern(count: 3, shape: [3, 32, 32], classes: 10)
    let batch = CIFARBinary.encode(images)
    let archive = try Codecs.gzip(
      TarArchive.archive(
        (1...5).map { (path: "cifar-10-batches-bin/data_batch_\($0).bin", data: batch) }
          + [(path: "cifar-10-batches-bin/test_batch.bin", data: batch)]))
    let mirror = directory.file("mirror")
    try FileManager.default.createDirectory(at: mirror, withIntermediateDirectories: true)
    try archive.write(to: mirror.appendingPathComponent("cifar-10-binary.tar.gz"))
    var descriptor = try DatasetCatalog.descriptor("cifar10")
    descriptor.remoteFiles[0].size = archive.count
    descriptor.remoteFiles[0].sha256 = Checksum.sha256(archive)
    let cache = directory.file("cache")
    try DatasetCatalog.fetch(descriptor, cache: cache, mirror: mirror)
    #expect(DatasetCatalog.isPresent(descriptor, cache: cache))
    let train = try DatasetCatalog.load(
      DatasetReference(name: "cifar10"), split: "train", cache: cache)
    #expect(train.count == 15)
    #expect(train.name == "CIFAR-10")
  }
}
