import Foundation
import Report
import Results
import TestSupport
import Testing

/// What `ocnna site` refuses to do: replace a folder that is not a site, publish from a
/// data folder that is not there, write a page for an id that is not a run key, or pick
/// one of two files holding the same id. Each refusal leaves every file as it was.
@Suite(.serialized) struct SitePublishTests {
  /// A data folder with six fixture results and a builder writing to `out`.
  func project(out: String = "Site") throws -> (TemporaryDirectory, SiteBuilder) {
    let folder = try TemporaryDirectory()
    try SiteFixtures.dataFolder(
      at: folder.file("Data"), results: try SiteFixtures.results(limit: 6))
    return (
      folder,
      SiteBuilder(
        data: folder.file("Data"), templates: SiteFixtures.templates, output: folder.file(out))
    )
  }

  func contents(_ root: URL) throws -> [String: Data] { try SiteFixtures.files(in: root) }

  @Test func aFolderThatIsNotASiteIsNeverReplaced() throws {
    let (folder, _) = try project()
    defer { folder.remove() }
    // --out naming the data folder itself, or the project root.
    for out in [folder.file("Data"), folder.url] {
      let before = try contents(folder.url)
      let builder = SiteBuilder(
        data: folder.file("Data"), templates: SiteFixtures.templates, output: out)
      #expect {
        try builder.build()
      } throws: { error in
        "\(error)".contains(SiteBuilder.marker) && "\(error)".contains("nothing was changed")
      }
      #expect(try contents(folder.url) == before, "\(out.lastPathComponent) changed")
    }
  }

  @Test func anEmptyFolderOrAPublishedSiteIsReplaced() throws {
    let (folder, builder) = try project(out: "public")
    defer { folder.remove() }
    try FileManager.default.createDirectory(
      at: folder.file("public"), withIntermediateDirectories: true)
    try builder.build()
    #expect(
      FileManager.default.fileExists(atPath: folder.file("public/\(SiteBuilder.marker)").path))
    try Data("stale".utf8).write(to: folder.file("public/stale.html"))
    try builder.build()
    #expect(!FileManager.default.fileExists(atPath: folder.file("public/stale.html").path))
  }

  @Test func aMissingDataOrTemplatesFolderIsAnError() throws {
    let (folder, builder) = try project()
    defer { folder.remove() }
    try builder.build()
    let before = try contents(folder.file("Site"))
    for (data, templates) in [
      (folder.file("nowhere"), SiteFixtures.templates), (folder.file("Data"), folder.file("none")),
    ] {
      let wrong = SiteBuilder(data: data, templates: templates, output: folder.file("Site"))
      #expect {
        try wrong.build()
      } throws: { error in
        "\(error)".contains("is not a folder") && "\(error)".contains("untouched")
      }
    }
    // A data folder without results/ is not an empty report either.
    try FileManager.default.removeItem(at: folder.file("Data/results"))
    #expect(throws: (any Error).self) { try builder.build() }
    #expect(try contents(folder.file("Site")) == before)
  }

  @Test func anIdThatIsNotARunKeyOrNotTheFileNameIsRefused() throws {
    let (folder, builder) = try project()
    defer { folder.remove() }
    try builder.build()
    let before = try contents(folder.url)
    let store = ResultStore(folder: folder.file("Data/results/fixture"))
    var escaping = try ResultStore.read(store.url(of: store.ids.sorted()[0]))
    escaping.id = "../../../escaped"
    // The store refuses to write it, and a hand-written file with it is refused on reading.
    #expect(throws: SpecError.self) { try store.write(escaping) }
    try JSONFile.write(escaping, to: store.url(of: "0000000000000000"))
    #expect {
      try builder.build()
    } throws: { error in
      "\(error)".contains("not a result id") && "\(error)".contains("0000000000000000.json")
    }
    #expect(!FileManager.default.fileExists(atPath: folder.file("escaped.html").path))
    try FileManager.default.removeItem(at: store.url(of: "0000000000000000"))
    #expect(try contents(folder.url) == before)
  }

  @Test func theSameIdInTwoFilesIsAConflictNamingBoth() throws {
    let (folder, builder) = try project()
    defer { folder.remove() }
    try builder.build()
    let before = try contents(folder.file("Site"))
    let id = ResultStore(folder: folder.file("Data/results/fixture")).ids.sorted()[0]
    let other = folder.file("Data/results/another-grid")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: folder.file("Data/results/fixture/\(id).json"),
      to: other.appendingPathComponent("\(id).json"))
    #expect {
      try builder.build()
    } throws: { error in
      let text = "\(error)"
      return text.contains("stored twice") && text.contains("fixture/\(id).json")
        && text.contains("another-grid/\(id).json")
    }
    #expect(try contents(folder.file("Site")) == before)
  }

  @Test func stagingLeftByAKilledPublishIsRemovedByTheNext() throws {
    let (folder, builder) = try project()
    defer { folder.remove() }
    // A pid no process has (Linux pids stay below 2^22).
    let abandoned = folder.file(".Site.staging-2147483000")
    try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: true)
    try Data("half".utf8).write(to: abandoned.appendingPathComponent("index.html"))
    try builder.build()
    #expect(!FileManager.default.fileExists(atPath: abandoned.path))
  }
}
