import ArgumentParser
import Foundation
import Pipeline
import Preview

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Preview Site/ on http://127.0.0.1:PORT (never serves a file outside it).")

  @Option(help: "The port (0: any free port).") var port: UInt16 = 8000
  @Option(
    help: "The address to listen on; another than 127.0.0.1 exposes the preview to the network.")
  var host = "127.0.0.1"
  @Option(help: "The site folder.") var site = "Site"
  @Option(help: "Seconds a connection may stay silent before it is closed (1…3600).")
  var idleTimeout = 30

  func validate() throws {
    guard (1...3600).contains(idleTimeout) else {
      throw ValidationError("--idle-timeout \(idleTimeout) is outside 1…3600 seconds")
    }
  }

  func run() async throws {
    let root = URL(fileURLWithPath: site, isDirectory: true)
    guard FileManager.default.fileExists(atPath: root.appendingPathComponent("index.html").path)
    else {
      throw TaskError("\(site)/index.html does not exist; render the site with `ocnna site`")
    }
    var limits = SitePreviewServer.Limits()
    limits.idleTimeout = .seconds(idleTimeout)
    let server = SitePreviewServer(root: root, host: host, port: Int(port), limits: limits)
    let site = site
    try await server.run { url in
      print("serving \(site)/ on \(url) (Ctrl-C stops)")
      fflush(stdout)
    }
  }
}
