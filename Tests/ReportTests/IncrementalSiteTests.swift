import Foundation
import Results
import TestSupport
import Testing

@testable import Report

/// The incremental build (`SiteBuilder.cache`) must give the bytes a build from scratch
/// gives after every kind of change, and keep the files of run pages whose inputs did not
/// change.
@Suite(.serialized) struct IncrementalSiteTests {
  @Test func incrementalBuildsEqualBuildsFromScratch() throws {
    var results = try SiteFixtures.results()
    #expect(results.contains { !($0.original?.epochs.isEmpty ?? true) }, "curves to slim away")
    let added = results.removeFirst()
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let data = folder.file("Data")
    try SiteFixtures.dataFolder(at: data, results: results)
    let templates = folder.file("Templates")
    try FileManager.default.copyItem(at: SiteFixtures.templates, to: templates)
    let incremental = SiteBuilder(
      data: data, templates: templates, output: folder.file("Site"), cache: folder.file("cache"))
    let scratch = SiteBuilder(data: data, templates: templates, output: folder.file("Scratch"))
    let store = ResultStore(folder: data.appendingPathComponent("results/fixture"))
    func runPage(_ id: String) -> FileIdentity? {
      FileIdentity.of(folder.file("Site/runs/\(id).html").path)
    }
    func check(_ change: String) throws {
      try incremental.build()
      try scratch.build()
      let built = try SiteFixtures.files(in: folder.file("Site"))
      let expected = try SiteFixtures.files(in: folder.file("Scratch"))
      #expect(built.count == expected.count, "\(change)")
      for (path, bytes) in expected where built[path] != bytes {
        Issue.record("after \(change): \(path) differs from the build from scratch")
      }
    }

    try check("the first build")
    let cached = ResultReadCache(folder: folder.file("cache")).load()
    #expect(cached.count == results.count, "every result is in the read cache")
    let far = results.last { $0.cell.architecture != added.cell.architecture && $0.metrics != nil }!
    let peer = results.first {
      $0.cell.architecture == added.cell.architecture && $0.cell.seed == added.cell.seed
        && $0.cell.policy == added.cell.policy && $0.id != added.id
    }!
    func pairPage(_ r: RunResult) -> FileIdentity? {
      let slug = r.cell.architecture == "vgg16" ? "vgg-16--cifar-10" : "resnet-20--synthetic"
      return FileIdentity.of(folder.file("Site/pairs/\(slug).html").path)
    }
    let farPage = runPage(far.id)
    let farPair = pairPage(far)
    try check("nothing changed")
    #expect(runPage(far.id) == farPage, "an unchanged run page is kept, not rewritten")
    #expect(pairPage(far) == farPair, "an unchanged pair page is kept")

    try store.write(added)
    let peerPage = runPage(peer.id)
    let addedPair = pairPage(added)
    try check("a result added at an existing operating point")
    #expect(runPage(far.id) == farPage, "a page of another point is kept")
    #expect(runPage(peer.id) != peerPage, "the new peer's channel chart is drawn again")
    #expect(pairPage(far) == farPair, "the other pair's page is kept")
    #expect(pairPage(added) != addedPair, "the pair of the new result is drawn again")

    let baseline = data.appendingPathComponent("baselines/hrank.json")
    try Data(contentsOf: baseline).write(to: baseline, options: .atomic)
    try check("a recorded method's file rewritten")
    #expect(pairPage(far) != farPair, "pairs are drawn again when recorded methods change")

    var changed = results[3]
    changed.seconds += 100
    try store.write(changed)
    try check("a result rewritten")

    try FileManager.default.removeItem(at: store.url(of: results[5].id))
    try check("a result deleted")

    let edited = folder.file("Site/runs/\(far.id).html")
    try Data("<!-- edited -->".utf8).write(to: edited, options: .atomic)
    try check("a published run page edited by hand")

    let run = templates.appendingPathComponent("run.mustache")
    try (String(contentsOf: run, encoding: .utf8) + "\n").write(
      to: run, atomically: true, encoding: .utf8)
    try check("a template changed")

    let cache = folder.file("cache")
    for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) {
      try Data("not a cache".utf8).write(to: cache.appendingPathComponent(name))
    }
    try check("every cache file corrupted")
  }

  /// The cache's binary form gives back exactly the value encoded, for fixture results
  /// and the project's own (protocol-2 results carry outcomes and per-group scores).
  @Test func compactFormRoundTripsResults() throws {
    var results = try SiteFixtures.results()
    let data = SharedData.projectRoot.appendingPathComponent("Data/results")
    let project = try SiteBuilder.readResults(data)
    results += project.filter { $0.metrics?.outcomes != nil }.prefix(20) + project.prefix(20)
    #expect(results.contains { !($0.metrics?.outcomes?.groups.isEmpty ?? true) })
    let json = JSONEncoder()
    json.outputFormatting = .sortedKeys
    for r in results {
      let bytes = try CompactEncoder().encode(r)
      let back = try CompactDecoder().decode(RunResult.self, from: bytes)
      #expect(try json.encode(back) == json.encode(r), "\(r.id)")
    }
    let bytes = try CompactEncoder().encode(results[0])
    for cut in [0, 1, 9, bytes.count / 2, bytes.count - 1] {
      #expect(throws: (any Error).self, "cut at \(cut)") {
        try CompactDecoder().decode(RunResult.self, from: bytes.prefix(cut))
      }
    }
  }

  /// Results written together share their equal parts (recipes, datasets, layer counts)
  /// by reference, and decode to exactly what was encoded; a reference that names itself
  /// or a later value, which could loop, is refused.
  @Test func compactFormSharesEqualValuesByReference() throws {
    let results = try SiteFixtures.results()
    let alone = try results.map { try CompactEncoder().encode($0).count }.reduce(0, +)
    let together = try CompactEncoder().encode(results)
    #expect(together.count < alone * 3 / 4, "\(together.count) bytes against \(alone)")
    let json = JSONEncoder()
    json.outputFormatting = .sortedKeys
    let back = try CompactDecoder().decode([RunResult].self, from: together)
    #expect(try json.encode(back) == json.encode(results))
    // An array of one element that refers to the array itself (tag 10, offset 0): a
    // value that contains itself, endless for a recursive type.
    var looping: [UInt8] = [CompactFormat.array, 9, 0, 0, 0, 1, 0, 0, 0]
    looping += [CompactFormat.reference, 0, 0, 0, 0]
    #expect(throws: (any Error).self) {
      try CompactDecoder().decode(Nest.self, from: Data(looping))
    }
    // A reference to a later offset.
    var forward: [UInt8] = [CompactFormat.array, 18, 0, 0, 0, 2, 0, 0, 0]
    forward += [CompactFormat.reference, 14, 0, 0, 0]
    forward += [CompactFormat.array, 4, 0, 0, 0, 0, 0, 0, 0]
    #expect(throws: (any Error).self) {
      try CompactDecoder().decode([[Int]].self, from: Data(forward))
    }
  }
}

/// A type that holds values of itself, the one a looping reference would never finish.
private struct Nest: Decodable {
  var inner: [Nest]
  init(from decoder: Decoder) throws {
    inner = try decoder.singleValueContainer().decode([Nest].self)
  }
}
