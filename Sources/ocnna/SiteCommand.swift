import ArgumentParser
import Dispatch
import Foundation
import Pipeline
import Report
import Results

/// The options that name the site's inputs and output.
struct SiteOptions: ParsableArguments {
  @Option(help: "The templates folder.") var templates = "Templates"
  @Option(help: "The site folder to (re)write.") var out = "Site"
  @Option(
    help:
      "The folder of the incremental build's caches (default: site/<digest of the --out path> under $OCNNA_CACHE, $XDG_CACHE_HOME/ocnna or ~/.cache/ocnna)."
  )
  var siteCache: String?
  @Flag(help: "Decode every result file and render every page, without the incremental caches.")
  var noSiteCache = false

  /// The builder; its caches go under `cacheRoot` (a grid run's `--cache`) unless
  /// `--site-cache` names their folder.
  func builder(data: String, cacheRoot: String? = nil) -> SiteBuilder {
    let output = URL(fileURLWithPath: out, isDirectory: true)
    return SiteBuilder(
      data: URL(fileURLWithPath: data, isDirectory: true),
      templates: URL(fileURLWithPath: templates, isDirectory: true),
      output: output,
      cache: noSiteCache
        ? nil
        : siteCache.map { URL(fileURLWithPath: $0, isDirectory: true) }
          ?? SiteBuilder.defaultCache(for: output, root: CacheLocation.root(cacheRoot)))
  }

  /// Builds the site and prints what was written.
  func build(data: String, cacheRoot: String? = nil) throws {
    let started = DispatchTime.now().uptimeNanoseconds
    let count = try builder(data: data, cacheRoot: cacheRoot).build()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    print(
      "site: \(count) files in \(out)/ (\(String(format: "%.2f", seconds)) s); open \(out)/index.html"
    )
  }
}

struct SiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "site",
    abstract: "Render the static report site from Data/ and Templates/ into Site/.",
    discussion:
      "Invalid recorded methods or results stop the build with the file and the JSON path; the previous site is left untouched. Identical inputs give identical bytes."
  )

  @Option(help: "The data folder (baselines/, results/, history/).") var data = "Data"
  @OptionGroup var site: SiteOptions
  @Option(help: "Also rewrite the headline table of this README from the results.")
  var readme: String?

  func run() throws {
    try site.build(data: data)
    if let readme {
      try site.builder(data: data).updateReadme(URL(fileURLWithPath: readme))
      print("readme: headline table in \(readme) rewritten from the results")
    }
  }
}

struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Record tonight's OCNNA headline numbers of a grid into Data/history/.",
    subcommands: [Record.self])

  struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write Data/history/<date>-<grid>.json from Data/results/<grid>.")
    @Argument(help: "The grid name.") var grid: String
    @Option(help: "The date, YYYY-MM-DD (the nightly job passes it).") var date: String
    @Option(help: "The commit the results were measured at.") var commit: String?
    @Option(help: "The data folder.") var data = "Data"

    func validate() throws {
      guard date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
        throw ValidationError("--date must be YYYY-MM-DD, got \(date)")
      }
    }

    func run() throws {
      let folder = URL(fileURLWithPath: data, isDirectory: true)
      let store = ResultStore(data: folder, grid: grid)
      // The grid name is a file name: a '/' or '..' would write outside Data/history.
      guard !grid.isEmpty, !grid.contains("/"), !grid.hasPrefix("."),
        FileManager.default.fileExists(atPath: store.folder.path)
      else {
        throw TaskError(
          "no results folder \(store.folder.path): name a grid that has results (run `ocnna run \(grid)` first)"
        )
      }
      let (results, errors) = store.readAll()
      guard errors.isEmpty else {
        throw TaskError(errors.map(\.description).joined(separator: "\n"))
      }
      let snapshot = HistorySnapshot.make(results: results, grid: grid, date: date, commit: commit)
      let url = folder.appendingPathComponent("history/\(date)-\(grid).json")
      try JSONFile.write(snapshot, to: url)
      print("history: \(snapshot.headlines.count) pair(s) recorded in \(url.path)")
    }
  }
}
