import Dispatch
import Foundation
import Mustache
import Results

/// Renders `Site/` from `Data/` and `Templates/` in named steps — read the recorded
/// methods, read the results, read the history, aggregate, render, publish — each of
/// whose errors names its step and file.
///
/// The site is a pure function of its inputs (sorted data, one number formatter, no
/// clock), so two renders give identical bytes. Publishing writes a staging folder and
/// swaps it in; invalid data stops the build before that, leaving the old site untouched.
public struct SiteBuilder {
  public var data: URL
  public var templates: URL
  public var output: URL
  /// Seconds spent in each step, summed over builds (`ocnna bench site` prints them).
  public let stepSeconds = StepSeconds()

  public init(data: URL, templates: URL, output: URL) {
    self.data = data
    self.templates = templates
    self.output = output
  }

  /// Seconds by step name; a class so that the builder's methods can add to it.
  public final class StepSeconds: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [String: Double] = [:]
    public var byStep: [String: Double] { lock.withLock { seconds } }
    func add(_ name: String, _ value: Double) {
      lock.withLock { seconds[name, default: 0] += value }
    }
  }

  /// A failure with the step it happened in.
  public struct StepError: Error, CustomStringConvertible {
    public var step: String
    public var underlying: Error
    public var description: String {
      "ocnna site: step '\(step)' failed; the previous site is untouched.\n\(underlying)"
    }
  }

  func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    defer { stepSeconds.add(name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
    do { return try body() } catch { throw StepError(step: name, underlying: error) }
  }

  /// Every result under `Data/results/*/`, read on every core.
  ///
  /// The folder must exist; two files holding the same id (in one grid's folder or in
  /// two) are refused with both paths, as a page per id could show only one of them.
  public static func readResults(_ folder: URL) throws -> [RunResult] {
    guard folder.isExistingFolder else {
      throw SpecError(
        path: folder.path,
        message:
          "is not a folder of results; name the data folder that holds results/ (--data), or run `ocnna run quick` first"
      )
    }
    let grids = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { !$0.hasPrefix(".") }.sorted()
    let urls = grids.flatMap { grid -> [URL] in
      let store = ResultStore(folder: folder.appendingPathComponent(grid))
      return store.ids.sorted().map(store.url(of:))
    }
    let read = ParallelMap.map(urls.indices) { i -> Result<RunResult, SpecError> in
      do { return .success(try ResultStore.read(urls[i])) } catch let error as SpecError {
        return .failure(error)
      } catch {
        return .failure(SpecError(path: urls[i].path, message: "\(error)"))
      }
    }
    let errors = read.compactMap { if case .failure(let e) = $0 { e } else { nil } }
    guard errors.isEmpty else {
      throw SpecError(
        path: folder.path,
        message:
          "\(errors.count) unreadable result file(s):\n"
          + errors.map { "  \($0)" }.joined(separator: "\n"))
    }
    let results = read.compactMap { try? $0.get() }
    var seen: [String: URL] = [:]
    var duplicates: [String] = []
    for (url, result) in zip(urls, results) {
      if let first = seen[result.id] {
        duplicates.append("  \(result.id): \(first.path) and \(url.path)")
      } else {
        seen[result.id] = url
      }
    }
    guard duplicates.isEmpty else {
      throw SpecError(
        path: folder.path,
        message:
          "\(duplicates.count) result id(s) stored twice; keep one file of each and delete the other:\n"
          + duplicates.joined(separator: "\n"))
    }
    return results
  }

  /// The site's files by relative path, without writing anything.
  public func render() throws -> [String: String] {
    try step("check folders") {
      for (folder, option) in [(data, "--data"), (templates, "--templates")]
      where !folder.isExistingFolder {
        throw SpecError(
          path: folder.path,
          message:
            "is not a folder; name an existing one with \(option) (run from the project folder for the defaults)"
        )
      }
    }
    let methods = try step("read recorded methods") {
      try BaselineValidation.readAll(data.appendingPathComponent("baselines"))
    }
    let results = try step("read results") {
      try Self.readResults(data.appendingPathComponent("results"))
    }
    let history = try step("read history") {
      try HistorySnapshot.readAll(data.appendingPathComponent("history"))
    }
    let library = try step("read templates") { try loadTemplates() }
    let model = ReportModel(results: results, methods: methods, history: history)
    return try step("render") {
      try SitePages(model: model, library: library).files()
    }
  }

  func loadTemplates() throws -> MustacheLibrary {
    var library = MustacheLibrary()
    let names = try FileManager.default.contentsOfDirectory(atPath: templates.path)
      .filter { $0.hasSuffix(".mustache") }.sorted()
    guard !names.isEmpty else {
      throw SpecError(path: templates.path, message: "holds no *.mustache templates")
    }
    for name in names {
      let url = templates.appendingPathComponent(name)
      do {
        try library.register(
          String(contentsOf: url, encoding: .utf8), named: String(name.dropLast(9)))
      } catch {
        throw SpecError(path: url.path, message: "is not a valid mustache template: \(error)")
      }
    }
    return library
  }

  /// Rewrites the headline block of the README at `url` from the same data (atomically).
  public func updateReadme(_ url: URL) throws {
    let methods = try step("read recorded methods") {
      try BaselineValidation.readAll(data.appendingPathComponent("baselines"))
    }
    let results = try step("read results") {
      try Self.readResults(data.appendingPathComponent("results"))
    }
    let readme = try String(contentsOf: url, encoding: .utf8)
    let updated = try ReadmeHeadline.update(
      readme, model: ReportModel(results: results, methods: methods))
    if updated != readme { try JSONFile.writeAtomically(Data(updated.utf8), to: url) }
  }

  /// Renders and publishes; returns the number of files written.
  @discardableResult
  public func build() throws -> Int {
    var files = try render()
    let style = templates.appendingPathComponent("style.css")
    files["style.css"] = try step("read templates") {
      try String(contentsOf: style, encoding: .utf8)
    }
    try step("publish") { try publish(files) }
    return files.count
  }

  /// The file every published site holds: only a folder with it (or an empty one) is
  /// ever replaced, so that `--out` naming the project, `Data/` or any other folder is
  /// refused instead of deleted.
  public static let marker = ".ocnna-site"
  static let markerText =
    "This folder is a site published by `ocnna site`; the next publish replaces it whole.\n"

  /// Refuses to replace `output` unless it is missing, empty or a published site.
  func checkOutputIsReplaceable() throws {
    let manager = FileManager.default
    guard manager.fileExists(atPath: output.path) else { return }
    guard output.isExistingFolder else {
      throw SpecError(
        path: output.path, message: "is a file, not a site folder; choose another --out")
    }
    let entries = (try? manager.contentsOfDirectory(atPath: output.path)) ?? []
    guard entries.isEmpty || entries.contains(Self.marker) else {
      throw SpecError(
        path: output.path,
        message:
          "holds files but no \(Self.marker) marker, so it is not a site ocnna published; publishing replaces the whole folder, so choose an empty or new folder for --out (nothing was changed)"
      )
    }
  }

  /// Removes staging and previous-site folders left beside `output` by publishes that
  /// were killed (their process is gone).
  func removeAbandonedStaging() {
    let manager = FileManager.default
    let parent = output.deletingLastPathComponent()
    let prefixes = [".staging-", ".previous-"].map { ".\(output.lastPathComponent)\($0)" }
    for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] {
      guard let prefix = prefixes.first(where: name.hasPrefix),
        let pid = Int32(name.dropFirst(prefix.count)), !ProcessLiveness.isAlive(pid)
      else { continue }
      try? manager.removeItem(at: parent.appendingPathComponent(name))
    }
  }

  func publish(_ files: [String: String]) throws {
    let manager = FileManager.default
    try checkOutputIsReplaceable()
    removeAbandonedStaging()
    let parent = output.deletingLastPathComponent()
    let pid = ProcessInfo.processInfo.processIdentifier
    let staging = parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(pid)")
    let previous = parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(pid)")
    try? manager.removeItem(at: staging)
    try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    var files = files
    files[Self.marker] = Self.markerText
    let sorted = files.sorted(by: { $0.key < $1.key })
    // Each folder once, then the files on every core: ten thousand run pages make
    // per-file folder checks and one writing thread the publish step's cost.
    let folders = Set(sorted.map { ($0.key as NSString).deletingLastPathComponent })
    for folder in folders.sorted() where !folder.isEmpty {
      try manager.createDirectory(
        at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    _ = try ParallelMap.map(sorted.indices) { index in
      try Data(sorted[index].value.utf8).write(
        to: staging.appendingPathComponent(sorted[index].key))
    }
    if manager.fileExists(atPath: output.path) {
      try manager.moveItem(at: output, to: previous)
    }
    do {
      try manager.moveItem(at: staging, to: output)
    } catch {
      try? manager.moveItem(at: previous, to: output)
      throw error
    }
    try? manager.removeItem(at: previous)
  }
}
