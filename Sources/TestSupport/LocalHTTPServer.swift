import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A small HTTP/1.1 file server on 127.0.0.1 for tests of the download code: it serves
/// in-memory files, honours `Range: bytes=N-` (unless told not to), and can drop the
/// connection part-way through a body to imitate an interrupted download.
public final class LocalHTTPServer: @unchecked Sendable {
  public private(set) var port: UInt16 = 0
  /// The files served, by path ("/name").
  public var files: [String: Data]
  /// Answer every request with the whole file (status 200), ignoring ranges.
  public var ignoresRange = false
  /// Close the connection after sending this many body bytes (once), when set.
  public var dropAfter: Int?
  /// The Range headers received, in order.
  public private(set) var rangesReceived: [String?] = []
  private var socketDescriptor: Int32 = -1
  private let lock = NSLock()

  public init(files: [String: Data]) throws {
    self.files = files
    socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(socketDescriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(socketDescriptor, $0, &length)
      }
    }
    port = UInt16(bigEndian: address.sin_port)
    Thread.detachNewThread { [weak self] in self?.acceptLoop() }
  }

  /// The base URL of the server.
  public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }

  /// Stops accepting connections.
  public func stop() {
    shutdown(socketDescriptor, Int32(SHUT_RDWR))
    close(socketDescriptor)
  }

  private func acceptLoop() {
    while true {
      let client = accept(socketDescriptor, nil, nil)
      if client < 0 { return }
      handle(client)
      close(client)
    }
  }

  private func handle(_ client: Int32) {
    var request = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !request.contains(Data("\r\n\r\n".utf8)) {
      let n = recv(client, &buffer, buffer.count, 0)
      if n <= 0 { return }
      request.append(contentsOf: buffer[0..<n])
    }
    let text = String(decoding: request, as: UTF8.self)
    let lines = text.components(separatedBy: "\r\n")
    let path = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
    let range = lines.first { $0.lowercased().hasPrefix("range:") }
      .map { String($0.dropFirst("range:".count)).trimmingCharacters(in: .whitespaces) }
    lock.lock()
    rangesReceived.append(range)
    let drop = dropAfter
    dropAfter = nil
    let file = files[path]
    let ignore = ignoresRange
    lock.unlock()
    guard let file else {
      send(client, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      return
    }
    var start = 0
    if !ignore, let range, range.hasPrefix("bytes="),
      let value = Int(range.dropFirst(6).split(separator: "-").first ?? "")
    {
      start = min(value, file.count)
    }
    let body = file.subdata(in: start..<file.count)
    let status = start > 0 ? "206 Partial Content" : "200 OK"
    var header = "HTTP/1.1 \(status)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
    if start > 0 { header += "Content-Range: bytes \(start)-\(file.count - 1)/\(file.count)\r\n" }
    send(client, header + "\r\n")
    let sendCount = drop.map { min($0, body.count) } ?? body.count
    body.prefix(sendCount).withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.send(
          client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        if n <= 0 { return }
        offset += n
      }
    }
  }

  private func send(_ client: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    _ = Glibc.send(client, bytes, bytes.count, Int32(MSG_NOSIGNAL))
  }
}
