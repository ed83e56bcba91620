import ArgumentParser
import Datasets
import Foundation
import Results

struct DatasetsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasets", abstract: "Fetch, import, list and verify datasets in the cache.",
    subcommands: [List.self, Fetch.self, Import.self, Verify.self, Preview.self])

  struct CacheOption: ParsableArguments {
    @Option(
      help: "The cache folder (default: $OCNNA_CACHE, $XDG_CACHE_HOME/ocnna or ~/.cache/ocnna).")
    var cache: String?

    var folder: URL {
      cache.map { CacheDirectory.datasets(in: URL(fileURLWithPath: $0, isDirectory: true)) }
        ?? CacheDirectory.datasets()
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show every known dataset, whether it is present and where.")
    @OptionGroup var cache: CacheOption

    func run() {
      print("cache: \(cache.folder.path)")
      for d in DatasetCatalog.all {
        let present = DatasetCatalog.isPresent(d, cache: cache.folder)
        print(
          "\(d.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(present ? "present" : "missing")  \(d.displayName)\(d.entry == .synthetic || d.entry == .folder ? "" : " — " + d.folder(in: cache.folder).path)"
        )
        if !present { print("  get it: \(d.howToGet)") }
      }
    }
  }

  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download a dataset from its official location, verify it and unpack it.")
    @Argument(help: "cifar10, cifar100 or fashion-mnist.") var name: String
    @Option(
      help:
        "A base URL (http(s):// or file://) that holds the same files, instead of the official location."
    )
    var mirror: String?
    @OptionGroup var cache: CacheOption

    func run() throws {
      let descriptor = try DatasetCatalog.descriptor(name)
      let line = ProgressLine()
      try DatasetCatalog.fetch(
        descriptor, cache: cache.folder, mirror: mirror.flatMap(URL.init(string:))
      ) { file, done, total in
        line.update(
          "\(file) \(ProgressLine.bar(Double(done) / Double(max(1, total)))) \(done / 1_048_576)/\(total / 1_048_576) MiB"
        )
      }
      line.finish()
      print("\(descriptor.displayName) is in \(descriptor.folder(in: cache.folder).path)")
    }
  }

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Import a local archive into the cache (cifar10-jpeg: the JPEG CIFAR-10 archive, checked by SHA-256)."
    )
    @Argument(help: "cifar10-jpeg.") var name: String
    @Argument(help: "The archive, for example ../shared/data/cifar10-jpg.tar.gz.") var archive:
      String
    @OptionGroup var cache: CacheOption

    func run() throws {
      guard name == DatasetName.cifar10JPEG.slug else {
        throw ValidationError(
          "only cifar10-jpeg is imported from a local archive; use `ocnna datasets fetch` for the others"
        )
      }
      try DatasetCatalog.importCIFAR10JPEG(from: URL(fileURLWithPath: archive), cache: cache.folder)
      print(
        "CIFAR-10 (JPEG q75) is in \(try DatasetCatalog.descriptor(name).folder(in: cache.folder).path)"
      )
    }
  }

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the downloaded files' checksums and that every present dataset reads.")
    @Argument(help: "One dataset (default: every present one).") var name: String?
    @OptionGroup var cache: CacheOption

    func run() throws {
      var failures = 0
      for d in DatasetCatalog.all
      where (name == nil || d.name == name) && d.entry != .folder && d.entry != .synthetic {
        guard DatasetCatalog.isPresent(d, cache: cache.folder) else {
          if name != nil {
            throw ValidationError("\(d.name) is not present; get it: \(d.howToGet)")
          }
          continue
        }
        do {
          for file in d.remoteFiles {
            let url = d.folder(in: cache.folder).appendingPathComponent(file.name)
            if FileManager.default.fileExists(atPath: url.path) { try file.verify(url) }
          }
          for split in ["train", "test"] {
            let data = try DatasetCatalog.load(
              DatasetReference(name: d.name), split: split, cache: cache.folder)
            print(
              "\(d.name) \(split): \(data.count) images of \(data.imageShape), \(data.classCount) classes — ok"
            )
          }
        } catch {
          failures += 1
          print("\(d.name): \(error)")
        }
      }
      if failures > 0 { throw ExitCode(1) }
    }
  }

  struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a PNG with example images of every class.")
    @OptionGroup var data: DatasetOptions
    @Option(help: "The split.") var split = "test"
    @Option(help: "Images per class.") var perClass = 8
    @Option(help: "The PNG file to write.") var out = "preview.png"

    func run() throws {
      let dataset = try data.load(split: split, seed: 0)
      try Codecs.encodePNG(ContactSheet.make(dataset, perClass: perClass)).write(
        to: URL(fileURLWithPath: out), options: .atomic)
      print(
        "\(dataset.name) \(split): \(perClass) images of each of \(dataset.classCount) classes (\(dataset.classNames.joined(separator: ", "))) in \(out)"
      )
    }
  }
}
