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
///
/// With a `cache` folder a build is incremental: result files whose identity (size, time,
/// inode) is unchanged are taken from the last build's decoded copies, and run pages whose
/// inputs are unchanged are hard-linked from the published site instead of rendered. The
/// output is the same bytes either way (a test builds both and compares).
public struct SiteBuilder {
  public var data: URL
  public var templates: URL
  public var output: URL
  /// The folder of the incremental build's caches; nil renders everything from the files.
  public var cache: URL?
  /// The cache folder of the site published at `output`: `site/<digest of its path>`
  /// under the cache `root`, so that two sites never share a page record.
  public static func defaultCache(for output: URL, root: URL) -> URL {
    let digest = Checksum.sha256(Data(output.standardizedFileURL.path.utf8))
    return root.appendingPathComponent("site/\(digest.prefix(16))", isDirectory: true)
  }

  /// Seconds spent in each step, summed over builds (`ocnna bench site` prints them).
  public let stepSeconds = StepSeconds()
  /// Work that runs beside the build's later steps — writing the read cache, deleting the
  /// replaced site; every build waits for it before it returns.
  let background = DispatchGroup()

  public init(data: URL, templates: URL, output: URL, cache: URL? = nil) {
    self.data = data
    self.templates = templates
    self.output = output
    self.cache = cache
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
    let files = try readResultFiles(folder, cache: nil)
    return files.results.indices.map { files.full[$0] ?? files.results[$0] }
  }

  /// The results of a results folder as the report reads them.
  struct ResultFiles {
    /// Every result, slimmed (`RunResult.slimmedForReport`), in path order.
    var results: [RunResult]
    /// The full results that were decoded from their files, by index (the others came
    /// from the read cache).
    var full: [Int: RunResult]
    var urls: [URL]
    /// Each file's identity as text, by result id (where it could be taken).
    var identities: [String: String]
    /// Each result's index, by id.
    var indices: [String: Int]
  }

  /// Reads every result file whose identity differs from the read cache's copy (every
  /// file when `cache` is nil), and stores the slimmed results back in the cache.
  static func readResultFiles(
    _ folder: URL, cache: ResultReadCache?, writes: DispatchGroup? = nil
  ) throws -> ResultFiles {
    guard folder.isExistingFolder else {
      throw SpecError(
        path: folder.path,
        message:
          "is not a folder of results; name the data folder that holds results/ (--data), or run `ocnna run quick` first"
      )
    }
    let grids = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { !$0.hasPrefix(".") }.sorted()
    let paths = grids.flatMap { grid -> [String] in
      ResultStore(folder: folder.appendingPathComponent(grid)).ids.sorted().map {
        "\(grid)/\($0).json"
      }
    }
    let root = folder.path + "/"
    let urls = paths.map { URL(fileURLWithPath: root + $0, isDirectory: false) }
    let cached = cache?.load() ?? [:]
    typealias Read = (result: RunResult, decoded: Bool, identity: FileIdentity?)
    let read = ParallelMap.map(urls.indices) { i -> Result<Read, SpecError> in
      let identity = FileIdentity.of(root + paths[i])
      if let identity, let entry = cached[paths[i]], entry.identity == identity {
        return .success((entry.result, false, identity))
      }
      do { return .success((try ResultStore.read(urls[i]), true, identity)) } catch let error
        as SpecError
      {
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
    let found = read.compactMap { try? $0.get() }
    var seen: [String: URL] = [:]
    var duplicates: [String] = []
    for (url, item) in zip(urls, found) {
      if let first = seen[item.result.id] {
        duplicates.append("  \(item.result.id): \(first.path) and \(url.path)")
      } else {
        seen[item.result.id] = url
      }
    }
    guard duplicates.isEmpty else {
      throw SpecError(
        path: folder.path,
        message:
          "\(duplicates.count) result id(s) stored twice; keep one file of each and delete the other:\n"
          + duplicates.joined(separator: "\n"))
    }
    var files = ResultFiles(results: [], full: [:], urls: urls, identities: [:], indices: [:])
    files.results.reserveCapacity(found.count)
    for (index, item) in found.enumerated() {
      files.results.append(item.decoded ? item.result.slimmedForReport : item.result)
      if item.decoded { files.full[index] = item.result }
      files.identities[item.result.id] = item.identity?.text
      files.indices[item.result.id] = index
    }
    if let cache {
      var entries: [ResultReadCache.Entry] = []
      for (index, item) in found.enumerated() {
        guard let identity = item.identity else { continue }
        entries.append(.init(path: paths[index], identity: identity, result: files.results[index]))
      }
      if let writes {
        let stored = entries
        DispatchQueue.global().async(group: writes) { cache.store(stored, previous: cached) }
      } else {
        cache.store(entries, previous: cached)
      }
    }
    return files
  }

  /// The site's files by relative path, without writing anything.
  public func render() throws -> [String: String] {
    defer { background.wait() }
    return try renderPages(reusable: [:]).files
  }

  /// The site's pages, without the run and pair pages that `previous` (the last build's
  /// record) shows can be kept as published; those are listed in the output's `reused`.
  func renderPages(reusable previous: [String: RenderedPageCache.Page]) throws -> RenderedFiles {
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
    let files = try step("read results") {
      try Self.readResultFiles(
        data.appendingPathComponent("results"), cache: cache.map(ResultReadCache.init),
        writes: background)
    }
    let history = try step("read history") {
      try HistorySnapshot.readAll(data.appendingPathComponent("history"))
    }
    let (library, templatesDigest) = try step("read templates") { try loadTemplates() }
    let model = try step("aggregate") {
      ReportModel(results: files.results, methods: methods, history: history)
    }
    let output = self.output
    let pathsByKey = Dictionary(grouping: previous.keys) { previous[$0]!.key }
    let sources = PageSources(
      full: { id in
        guard let index = files.indices[id] else { return nil }
        return try files.full[index] ?? ResultStore.read(files.urls[index])
      },
      identities: files.identities, templates: templatesDigest,
      recorded: FileIdentity.ofFiles(in: data.appendingPathComponent("baselines")),
      reuse: { path, key in
        RenderedPageCache.isReusable(path, key: key, in: output, previous: previous)
      },
      keptFiles: { key in
        guard let paths = pathsByKey[key],
          paths.allSatisfy({
            RenderedPageCache.isReusable($0, key: key, in: output, previous: previous)
          })
        else { return nil }
        return paths.sorted()
      })
    return try step("render") {
      try SitePages(model: model, library: library).files(sources: sources)
    }
  }

  /// The templates, and a digest of their names and text (part of every run page's key).
  func loadTemplates() throws -> (MustacheLibrary, String) {
    var library = MustacheLibrary()
    var digested = ""
    let names = try FileManager.default.contentsOfDirectory(atPath: templates.path)
      .filter { $0.hasSuffix(".mustache") }.sorted()
    guard !names.isEmpty else {
      throw SpecError(path: templates.path, message: "holds no *.mustache templates")
    }
    for name in names {
      let url = templates.appendingPathComponent(name)
      do {
        let text = try String(contentsOf: url, encoding: .utf8)
        digested += "\(name)\n\(text.utf8.count)\n\(text)"
        try library.register(text, named: String(name.dropLast(9)))
      } catch {
        throw SpecError(path: url.path, message: "is not a valid mustache template: \(error)")
      }
    }
    return (library, KeyDigest.of(digested))
  }

  /// Rewrites the headline block of the README at `url` from the same data (atomically).
  public func updateReadme(_ url: URL) throws {
    let methods = try step("read recorded methods") {
      try BaselineValidation.readAll(data.appendingPathComponent("baselines"))
    }
    let results = try step("read results") {
      try Self.readResultFiles(
        data.appendingPathComponent("results"), cache: cache.map(ResultReadCache.init)
      ).results
    }
    let readme = try String(contentsOf: url, encoding: .utf8)
    let updated = try ReadmeHeadline.update(
      readme, model: ReportModel(results: results, methods: methods))
    if updated != readme { try JSONFile.writeAtomically(Data(updated.utf8), to: url) }
  }

  /// Renders and publishes; returns the number of files written.
  @discardableResult
  public func build() throws -> Int {
    defer { background.wait() }
    let pages = cache.map(RenderedPageCache.init)
    let previous = try step("read page record") { pages?.load(output: output) ?? [:] }
    var rendered = try renderPages(reusable: previous)
    let style = templates.appendingPathComponent("style.css")
    rendered.files["style.css"] = try step("read templates") {
      try String(contentsOf: style, encoding: .utf8)
    }
    try step("publish") { try publish(rendered.files, keeping: rendered.reused) }
    try step("store page record") {
      pages?.store(
        keys: rendered.keys, output: output, previous: previous, kept: Set(rendered.reused))
    }
    return rendered.files.count + rendered.reused.count
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

  /// Writes `files` and the published pages at `kept` (hard links to the current site's
  /// files, copies where a link cannot be made) into a staging folder, then swaps it in.
  func publish(_ files: [String: String], keeping kept: [String] = []) throws {
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
    let folders = Set(
      (sorted.map(\.key) + kept).map { ($0 as NSString).deletingLastPathComponent })
    for folder in folders.sorted() where !folder.isEmpty {
      try manager.createDirectory(
        at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    _ = try ParallelMap.map(sorted.indices) { index in
      try Data(sorted[index].value.utf8).write(
        to: staging.appendingPathComponent(sorted[index].key))
    }
    // Paths joined as text: building ten thousand URLs cost more than the links.
    let outputPath = output.path + "/", stagingPath = staging.path + "/"
    _ = try ParallelMap.map(kept.indices) { index in
      let source = outputPath + kept[index], target = stagingPath + kept[index]
      if link(source, target) != 0 {
        try manager.copyItem(atPath: source, toPath: target)
      }
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
    // The replaced site is no longer published: deleted beside the page record's storing.
    DispatchQueue.global().async(group: background) {
      try? FileManager.default.removeItem(at: previous)
    }
  }
}
