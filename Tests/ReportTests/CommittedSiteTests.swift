import Foundation
import Report
import TestSupport
import Testing

/// The committed `Site/` and the README's results table are exactly what the code renders
/// from the committed `Data/` and `Templates/`: a change to the report code that moves a
/// published number, an order or a colour fails here until the site is re-rendered
/// (`ocnna site --readme README.md`) and committed with it.
@Suite(
  .enabled(
    if: CommittedState.isUnchanged(["Data", "Site", "README.md"]),
    "Data/, Site/ or README.md differ from the last commit (local results, for example of `ocnna run quick`), or this is no git checkout: the committed state cannot be compared"
  ))
struct CommittedSiteTests {
  static let root = SharedData.projectRoot

  @Test func theCommittedSiteIsWhatTheCodeRenders() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let builder = SiteBuilder(
      data: Self.root.appendingPathComponent("Data"),
      templates: Self.root.appendingPathComponent("Templates"), output: scratch.file("Site"))
    try builder.build()
    let rendered = try SiteFixtures.files(in: scratch.file("Site"))
    let committed = try SiteFixtures.files(in: Self.root.appendingPathComponent("Site"))
    #expect(Set(rendered.keys) == Set(committed.keys))
    let differing = rendered.keys.filter { committed[$0] != rendered[$0] }.sorted()
    #expect(differing.isEmpty, "re-render and commit the site: \(differing.prefix(5))")
  }

  @Test func theReadmeTableIsWhatTheCodeRenders() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let readme = Self.root.appendingPathComponent("README.md")
    let copy = scratch.file("README.md")
    try FileManager.default.copyItem(at: readme, to: copy)
    try SiteBuilder(
      data: Self.root.appendingPathComponent("Data"),
      templates: Self.root.appendingPathComponent("Templates"), output: scratch.file("Site")
    ).updateReadme(copy)
    #expect(
      try Data(contentsOf: copy) == Data(contentsOf: readme),
      "the README's results table differs from the results; run `ocnna site --readme README.md`")
  }
}
