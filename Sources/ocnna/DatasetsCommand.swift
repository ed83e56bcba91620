import ArgumentParser
import Foundation
import Pipeline
import Results

struct DatasetsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasets", abstract: "Fetch, import, list and verify datasets in the cache.",
    subcommands: [List.self, Fetch.self, Import.self, Verify.self, Preview.self])

  struct CacheOption: ParsableArguments {
    @Option(
      help: "The cache folder (default: $OCNNA_CACHE, $XDG_CACHE_HOME/ocnna or ~/.cache/ocnna).")
    var cache: String?

    var folder: URL { CacheLocation.datasets(cache) }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show every known dataset, whether it is present and where.")
    @OptionGroup var cache: CacheOption

    func run() {
      print("cache: \(cache.folder.path)")
      for d in DatasetShelf.list(cache: cache.folder) {
        print(
          "\(d.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(d.present ? "present" : "missing")  \(d.displayName)\(d.folder.map { " — " + $0.path } ?? "")"
        )
        if !d.present { print("  get it: \(d.howToGet)") }
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
      let line = ProgressLine()
      let fetched = try DatasetShelf.fetch(
        name, cache: cache.folder, mirror: mirror.flatMap(URL.init(string:))
      ) { file, done, total in
        line.update(
          "\(file) \(ProgressLine.bar(Double(done) / Double(max(1, total)))) \(done / 1_048_576)/\(total / 1_048_576) MiB"
        )
      }
      line.finish()
      print("\(fetched.displayName) is in \(fetched.folder.path)")
    }
  }

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Import a local archive into the cache, checked by size and SHA-256 (cifar10-jpeg: cifar10-jpg.tar.gz; cifar100-png: cifar100-png.tar.gz)."
    )
    @Argument(help: "cifar10-jpeg or cifar100-png.") var name: String
    @Argument(help: "The archive, for example ../shared/data/cifar100-png.tar.gz.") var archive:
      String
    @OptionGroup var cache: CacheOption

    func run() throws {
      let imported = try DatasetShelf.importArchive(
        name, from: URL(fileURLWithPath: archive), cache: cache.folder)
      print("\(imported.displayName) is in \(imported.folder.path)")
    }
  }

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the downloaded files' checksums and that every present dataset reads.")
    @Argument(help: "One dataset (default: every present one).") var name: String?
    @OptionGroup var cache: CacheOption

    func run() throws {
      let failures = try DatasetShelf.verify(name, cache: cache.folder) { print($0) }
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
      let sheet = try DatasetShelf.preview(
        data.datasetSource, split: split, perClass: perClass, to: URL(fileURLWithPath: out))
      print(
        "\(sheet.datasetName) \(split): \(perClass) images of each of \(sheet.classNames.count) classes (\(sheet.classNames.joined(separator: ", "))) in \(out)"
      )
    }
  }
}
