import Datasets
import Engine
import Foundation
import TestSupport
import Testing

/// `labels.tsv` of the CIFAR-100 PNG folders fixes the label order; a file that does not
/// describe 100 fine and 20 coarse classes in order, or folders that differ from it, are
/// refused with the file and line.
struct CIFAR100LabelsTests {
  /// A valid file: fine class i is `class<i>` under coarse class i mod 20.
  static func valid(rows: Int = 100) -> String {
    (["fine_id\tfine_name\tcoarse_id\tcoarse_name"]
      + (0..<rows).map { "\($0)\tclass\($0)\t\($0 % 20)\tsuper\($0 % 20)" })
      .joined(separator: "\n") + "\n"
  }

  @Test func aValidFileGivesTheOfficialOrder() throws {
    let labels = try CIFAR100Labels.parse(Self.valid(), path: "labels.tsv")
    #expect(labels.fineNames.count == 100)
    #expect(labels.fineNames[42] == "class42")
    #expect(labels.coarseIDs[42] == 2)
    #expect(labels.coarseNames[19] == "super19")
  }

  @Test(arguments: [
    ("fine\tname\n", "line 1 must be the header"),
    (valid(rows: 99), "holds 99 fine classes"),
    (valid().replacingOccurrences(of: "\n7\tclass7", with: "\n8\tclass7"), "line 9 has fine_id 8"),
    (
      valid().replacingOccurrences(of: "class7\t7\tsuper7", with: "class7\t7\tother"),
      "coarse_id 7 'super7' is outside"
    ),
    (valid().replacingOccurrences(of: "\tclass7\t", with: "\tclass6\t"), "(99 distinct)"),
    (valid().replacingOccurrences(of: "class7\t7", with: "class7\tseven"), "line 9 is not"),
  ])
  func aBrokenFileNamesTheLine(text: String, expected: String) {
    do {
      _ = try CIFAR100Labels.parse(text, path: "x/labels.tsv")
      Issue.record("accepted a broken labels.tsv")
    } catch let error as DatasetError {
      #expect(error.path == "x/labels.tsv")
      #expect(error.message.contains(expected), "\(error.message)")
      #expect(error.fix.contains("ocnna datasets import cifar100-png"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func classFoldersMustBeTheListedOnesAndTakeTheirOrder() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let image = try Codecs.encodePNG(
      DecodedImage(width: 4, height: 4, channels: 3, pixels: [UInt8](repeating: 7, count: 48)))
    for folder in ["zebra", "apple"] {
      let url = directory.url.appendingPathComponent("test/\(folder)/0001.png")
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try image.write(to: url)
    }
    let ordered = try ImageFolder.read(
      root: directory.url, split: "test", name: "x", classes: ["zebra", "apple"])
    #expect(ordered.classNames == ["zebra", "apple"])
    // Images come class by class in the listed order: zebra's first, with label 0.
    #expect(ordered.labels == [0, 1])
    do {
      _ = try ImageFolder.read(
        root: directory.url, split: "test", name: "x", classes: ["zebra", "pear"])
      Issue.record("accepted folders that differ from the label list")
    } catch let error as DatasetError {
      #expect(error.message.contains("missing: pear"))
      #expect(error.message.contains("unexpected: apple"))
    }
  }

  @Test func onlyDatasetsWithAnArchiveAreImported() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let archive = directory.url.appendingPathComponent("cifar100-png.tar.gz")
    try Data("not the archive".utf8).write(to: archive)
    #expect(throws: DatasetError.self) {
      try DatasetCatalog.importArchive("cifar10", from: archive, cache: directory.url)
    }
    do {
      try DatasetCatalog.importArchive("cifar100-png", from: archive, cache: directory.url)
      Issue.record("imported a file that is not the archive")
    } catch let error as DatasetError {
      #expect(error.message.contains("132388253"))
    }
    #expect(
      !FileManager.default.fileExists(
        atPath: directory.url.appendingPathComponent("cifar100-png").path))
  }
}
