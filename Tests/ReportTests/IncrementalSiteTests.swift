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
    let far = results.last { $0.cell.architecture != added.cell.architecture && $0.metrics != nil }!
    let peer = results.first {
      $0.cell.architecture == added.cell.architecture && $0.cell.seed == added.cell.seed
        && $0.cell.policy == added.cell.policy && $0.id != added.id
    }!
    let farPage = runPage(far.id)
    try check("nothing changed")
    #expect(runPage(far.id) == farPage, "an unchanged run page is kept, not rewritten")

    try store.write(added)
    let peerPage = runPage(peer.id)
    try check("a result added at an existing operating point")
    #expect(runPage(far.id) == farPage, "a page of another point is kept")
    #expect(runPage(peer.id) != peerPage, "the new peer's channel chart is drawn again")

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
}
