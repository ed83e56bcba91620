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
  public static func readResults(_ folder: URL) throws -> [RunResult] {
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
    return read.compactMap { try? $0.get() }
  }

  /// The site's files by relative path, without writing anything.
  public func render() throws -> [String: String] {
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

  func publish(_ files: [String: String]) throws {
    let manager = FileManager.default
    let parent = output.deletingLastPathComponent()
    let pid = ProcessInfo.processInfo.processIdentifier
    let staging = parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(pid)")
    let previous = parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(pid)")
    try? manager.removeItem(at: staging)
    try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      let url = staging.appendingPathComponent(path)
      try manager.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
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
