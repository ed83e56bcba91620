import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Report

/// The preview server for a rendered site: GET and HEAD of the files inside one folder and
/// nothing else. It runs on Hummingbird (SwiftNIO), whose HTTP parser refuses an oversized
/// request line or header block at once with 400 and closes the connection — the previous
/// hand-rolled server spent quadratic CPU on them — and whose idle timeout closes
/// connections that send nothing, so a few slow or hostile clients cannot hold it.
public struct SitePreviewServer: Sendable {
  /// What one connection may send and how long it may stay silent.
  public struct Limits: Sendable {
    /// The longest request line or header field, in bytes.
    public var headerFieldBytes = 16 * 1024
    /// All header fields of one request together, in bytes.
    public var headerBlockBytes = 32 * 1024
    /// The most header fields in one request.
    public var headerFieldCount = 100
    /// A connection that sends nothing for this long is closed.
    public var idleTimeout: Duration = .seconds(30)

    public init() {}
  }

  /// The folder served; no request reads outside it (`SitePath`).
  public let root: URL
  /// The address to bind: 127.0.0.1 unless the user asks for another.
  public let host: String
  /// The port, 0 for any free port.
  public let port: Int
  public let limits: Limits

  public init(root: URL, host: String = "127.0.0.1", port: Int, limits: Limits = Limits()) {
    self.root = root
    self.host = host
    self.port = port
    self.limits = limits
  }

  /// Serves until SIGINT or SIGTERM; `listening` receives the URL once the socket is bound,
  /// with the real port when `port` is 0.
  public func run(listening: @escaping @Sendable (String) -> Void) async throws {
    let root = root
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
      Self.answer(request, root: root)
    }
    let timeout = limits.idleTimeout.components
    let idle =
      TimeAmount.seconds(timeout.seconds) + .nanoseconds(timeout.attoseconds / 1_000_000_000)
    let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
      maxHeaderFieldSize: limits.headerFieldBytes, maxHeaderListSize: limits.headerBlockBytes,
      maxHeaderFieldCount: limits.headerFieldCount)
    var logger = Logger(label: "ocnna.serve")
    logger.logLevel = .error
    let host = host
    let application = Application(
      responder: responder,
      server: .http1(configuration: .init(idleTimeout: idle, httpDecoderConfiguration: decoder)),
      configuration: .init(address: .hostname(host, port: port), serverName: "ocnna"),
      onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? 0
        let shownHost = host.contains(":") ? "[\(host)]" : host
        listening("http://\(shownHost):\(bound)/")
      },
      logger: logger)
    do {
      try await application.runService()
    } catch {
      throw PreviewError.from(error, host: host, port: port)
    }
  }

  /// The response to one request: 405 for methods other than GET and HEAD, 404 for paths
  /// that leave the folder or name nothing, else the file (HEAD: its headers, with the
  /// file's real Content-Length).
  static func answer(_ request: Request, root: URL) -> Response {
    guard request.method == .get || request.method == .head else {
      return Response(
        status: .methodNotAllowed,
        headers: [.allow: "GET, HEAD", .contentType: "text/plain; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: "only GET and HEAD are served\n")))
    }
    guard let file = SitePath.resolve(request.head.path ?? "/", root: root),
      let data = try? Data(contentsOf: file)
    else {
      let notFound = Response(
        status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
      return request.method == .head ? notFound.createHeadResponse() : notFound
    }
    let found = Response(
      status: .ok, headers: [.contentType: SitePath.contentType(file)],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
    return request.method == .head ? found.createHeadResponse() : found
  }
}
