import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import Report

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Preview Site/ on http://localhost:PORT (never serves a file outside it).")

  @Option(help: "The port (0: any free port).") var port: UInt16 = 8000
  @Option(help: "The site folder.") var site = "Site"

  func run() async throws {
    let root = URL(fileURLWithPath: site, isDirectory: true)
    guard FileManager.default.fileExists(atPath: root.appendingPathComponent("index.html").path)
    else {
      throw ValidationError("\(site)/index.html does not exist; render the site with `ocnna site`")
    }
    let server = HTTPServer(port: port) { request in
      guard request.method == .GET || request.method == .HEAD,
        let file = SitePath.resolve(request.target.path(percentEncoded: true), root: root),
        let data = try? Data(contentsOf: file)
      else {
        return HTTPResponse(
          statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
          body: Data("not found\n".utf8))
      }
      return HTTPResponse(
        statusCode: .ok, headers: [.contentType: SitePath.contentType(file)],
        body: request.method == .HEAD ? Data() : data)
    }
    Task {
      try await server.waitUntilListening()
      if let address = await server.listeningAddress, case .ip4(_, let port) = address {
        print("serving \(site)/ on http://localhost:\(port)/ (Ctrl-C stops)")
      } else {
        print("serving \(site)/ (Ctrl-C stops)")
      }
    }
    try await server.run()
  }
}
