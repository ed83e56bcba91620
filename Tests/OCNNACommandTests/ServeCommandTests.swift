import Foundation
import Report
import TestSupport
import Testing

/// `ocnna serve` answers inside `Site/` and nothing outside it, on loopback only, with
/// request limits and idle timeouts that hostile clients cannot get round.
@Suite(.serialized) struct ServeCommandTests {
  /// A running `ocnna serve` on a site with a home page, a page in a subfolder, a secret
  /// file beside the site and a symbolic link to it.
  final class Preview {
    let folder: TemporaryDirectory
    let process = Process()
    /// The URL the server printed.
    let url: String
    let port: UInt16

    init(extraArguments: [String] = []) throws {
      folder = try TemporaryDirectory()
      let site = folder.file("Site")
      try FileManager.default.createDirectory(
        at: site.appendingPathComponent("pairs"), withIntermediateDirectories: true)
      try Data("<p>home</p>".utf8).write(to: site.appendingPathComponent("index.html"))
      try Data("<p>pair</p>".utf8).write(to: site.appendingPathComponent("pairs/a b.html"))
      try Data("SECRET".utf8).write(to: folder.file("secret.txt"))
      try FileManager.default.createSymbolicLink(
        at: site.appendingPathComponent("link.txt"), withDestinationURL: folder.file("secret.txt"))
      let output = Pipe()
      process.executableURL = CommandTests.executable
      process.arguments = ["serve", "--port", "0", "--site", site.path] + extraArguments
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      var printed = ""
      let deadline = Date().addingTimeInterval(30)
      while !printed.contains("\n"), Date() < deadline, process.isRunning {
        printed += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
      }
      guard let range = printed.range(of: #"http://[^ ]+/"#, options: .regularExpression),
        let port = printed[range].split(separator: ":").last.flatMap({ UInt16($0.dropLast()) })
      else {
        process.terminate()
        throw CommandError("serve printed no URL: \(printed)")
      }
      url = String(printed[range])
      self.port = port
    }

    func stop() {
      process.terminate()
      process.waitUntilExit()
      folder.remove()
    }

    func request(_ text: String, timeout: Double = 10) -> RawHTTP.Exchange? {
      RawHTTP.exchange(port: port, request: Data(text.utf8), timeout: timeout)
    }
  }

  struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  @Test func traversalIsRefusedOnALiveServer() throws {
    let preview = try Preview()
    defer { preview.stop() }
    let home = RawHTTP.get(port: preview.port, target: "/")
    #expect(home?.status == 200)
    #expect(home?.body.contains("home") == true)
    #expect(
      RawHTTP.get(port: preview.port, target: "/pairs/a%20b.html")?.body.contains("pair") == true)
    for target in [
      "/../secret.txt", "/pairs/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
      "/..%2fsecret.txt", "/pairs/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt",
      "/link.txt", "/..\\secret.txt", "/%00/../secret.txt", "//etc/passwd", "/~/secret.txt",
    ] {
      let answer = RawHTTP.get(port: preview.port, target: target)
      #expect(answer?.body.contains("SECRET") != true, "\(target) leaked the file")
      #expect(answer?.status != 200, "\(target) answered 200")
    }
  }

  /// The issue: `serve` listened on every interface and never said where.
  @Test func listensOnLoopbackOnlyAndPrintsItsURL() throws {
    let preview = try Preview()
    defer { preview.stop() }
    #expect(preview.url == "http://127.0.0.1:\(preview.port)/")
    let hexPort = String(format: ":%04X", preview.port)
    let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
    var listening: [String] = []
    for line in table.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: " ")
      // Fields: slot, local address:port, remote, state (0A = LISTEN).
      if fields.count > 3, fields[1].hasSuffix(hexPort), fields[3] == "0A" {
        listening.append(String(fields[1]))
      }
    }
    #expect(listening == ["0100007F" + hexPort], "bound to \(listening)")
    if let tcp6 = try? String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8) {
      #expect(!tcp6.contains(hexPort + " 00000000000000000000000000000000:0000 0A"))
    }
  }

  /// The issue: other methods answered 404 and HEAD said `Content-Length: 0`.
  @Test func otherMethodsGet405AndHeadGivesTheRealLength() throws {
    let preview = try Preview()
    defer { preview.stop() }
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
      let answer = preview.request(
        "\(method) / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      #expect(answer?.status == 405, "\(method)")
      #expect(answer?.headers["allow"] == "GET, HEAD", "\(method)")
    }
    let head = preview.request("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    #expect(head?.status == 200)
    #expect(head?.headers["content-length"] == String("<p>home</p>".utf8.count))
    #expect(head?.headers["content-type"] == "text/html; charset=utf-8")
    #expect(head?.body == "", "HEAD sent a body")
    let missing = preview.request(
      "HEAD /nothing.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    #expect(missing?.status == 404)
  }

  /// The issue: a 1 MB header froze both cores for over a minute. It is now refused (400,
  /// connection closed) at the limit while another client is served.
  @Test func anOversizedHeaderIsRefusedAtOnceWhileOthersAreServed() async throws {
    let preview = try Preview()
    defer { preview.stop() }
    let huge =
      "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: "
      + String(repeating: "a", count: 1 << 20) + "\r\nConnection: close\r\n\r\n"
    let longLine = "GET /" + String(repeating: "b", count: 1 << 20) + " HTTP/1.1\r\n\r\n"
    async let first = Task.detached { preview.request(huge) }.value
    async let second = Task.detached { preview.request(longLine) }.value
    async let other = Task.detached { () -> RawHTTP.Exchange? in
      usleep(100_000)
      return preview.request("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    }.value
    let (big, long, normal) = await (first, second, other)
    for answer in [big, long] {
      #expect(answer?.closedByServer == true)
      #expect(answer?.status == nil || answer?.status == 400 || answer?.status == 431)
      #expect((answer?.seconds ?? 99) < 1, "took \(answer?.seconds ?? -1) s")
    }
    #expect(normal?.status == 200)
    #expect(normal?.body.contains("home") == true)
  }

  /// The issue: idle connections were never closed.
  @Test func aSilentConnectionIsClosedAfterTheIdleTimeout() throws {
    let preview = try Preview(extraArguments: ["--idle-timeout", "1"])
    defer { preview.stop() }
    let silent = preview.request("", timeout: 15)
    #expect(silent?.closedByServer == true)
    #expect((silent?.seconds ?? 99) < 10)
    let kept = preview.request("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", timeout: 15)
    #expect(kept?.status == 200)
    #expect(kept?.closedByServer == true, "a keep-alive connection left idle stays open")
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

  @Test func aPortInUseIsNamedWithTheFix() throws {
    let preview = try Preview()
    defer { preview.stop() }
    let result = try CommandTests.run([
      "serve", "--port", String(preview.port), "--site", preview.folder.file("Site").path,
    ])
    #expect(result.status == 1)
    #expect(result.error.contains("port \(preview.port) on 127.0.0.1 is already in use"))
    #expect(!result.error.contains("errno"))
  }
}
