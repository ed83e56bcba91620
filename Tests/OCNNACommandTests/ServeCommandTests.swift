import Foundation
import Report
import TestSupport
import Testing

/// `ocnna serve` answers inside `Site/` and nothing outside it.
@Suite(.serialized) struct ServeCommandTests {
  @Test func traversalIsRefusedOnALiveServer() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let site = folder.file("Site")
    try FileManager.default.createDirectory(
      at: site.appendingPathComponent("pairs"), withIntermediateDirectories: true)
    try Data("<p>home</p>".utf8).write(to: site.appendingPathComponent("index.html"))
    try Data("<p>pair</p>".utf8).write(to: site.appendingPathComponent("pairs/a b.html"))
    try Data("SECRET".utf8).write(to: folder.file("secret.txt"))
    try FileManager.default.createSymbolicLink(
      at: site.appendingPathComponent("link.txt"), withDestinationURL: folder.file("secret.txt"))
    let port = UInt16(20_000 + Int(ProcessInfo.processInfo.processIdentifier % 20_000))
    let process = Process()
    process.executableURL = CommandTests.executable
    process.arguments = ["serve", "--port", String(port), "--site", site.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    var home: (status: Int, body: String)?
    for _ in 0..<200 where home == nil {
      home = RawHTTP.get(port: port, target: "/")
      if home == nil { usleep(50_000) }
    }
    #expect(home?.status == 200)
    #expect(home?.body.contains("home") == true)
    #expect(RawHTTP.get(port: port, target: "/pairs/a%20b.html")?.body.contains("pair") == true)
    for target in [
      "/../secret.txt", "/pairs/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
      "/..%2fsecret.txt", "/pairs/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt",
      "/link.txt", "/..\\secret.txt", "/%00/../secret.txt", "//etc/passwd", "/~/secret.txt",
    ] {
      let answer = RawHTTP.get(port: port, target: target)
      #expect(answer?.body.contains("SECRET") != true, "\(target) leaked the file")
      #expect(answer?.status != 200, "\(target) answered 200")
    }
  }

  @Test func pathsResolveInsideTheSiteOnly() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let site = folder.file("Site")
    try FileManager.default.createDirectory(
      at: site.appendingPathComponent("runs"), withIntermediateDirectories: true)
    try Data().write(to: site.appendingPathComponent("index.html"))
    try Data().write(to: site.appendingPathComponent("runs/x.html"))
    try Data().write(to: folder.file("outside.html"))
    #expect(SitePath.resolve("/", root: site)?.lastPathComponent == "index.html")
    #expect(SitePath.resolve("/runs/x.html?y=1", root: site)?.lastPathComponent == "x.html")
    #expect(SitePath.resolve("/runs/", root: site) == nil, "a folder without index.html")
    #expect(SitePath.resolve("/../outside.html", root: site) == nil)
    #expect(SitePath.resolve("/%2e%2e/outside.html", root: site) == nil)
    #expect(SitePath.resolve("/runs/..%2F..%2Foutside.html", root: site) == nil)
  }
}
