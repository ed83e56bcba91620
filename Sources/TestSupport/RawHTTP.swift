import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Plain HTTP/1.1 over a socket that sends the request byte for byte — unlike URLSession,
/// which normalises `..` away and refuses oversized headers itself — so tests can try path
/// traversal, odd methods and hostile requests on a server.
public enum RawHTTP {
  /// What came back on one connection.
  public struct Exchange {
    /// Every byte received before the server closed the connection or `timeout` passed.
    public var received: Data
    /// True when the server closed the connection; false when the wait timed out.
    public var closedByServer: Bool
    /// Seconds from connecting to the end of the exchange.
    public var seconds: Double

    /// The status code of the first response, if one arrived.
    public var status: Int? {
      String(decoding: received.prefix(64), as: UTF8.self).split(separator: "\r\n").first
        .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
    }

    /// The response's header block, lowercased names.
    public var headers: [String: String] {
      let text = String(decoding: received, as: UTF8.self)
      let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
      var fields: [String: String] = [:]
      for line in head.split(separator: "\r\n").dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...]
          .trimmingCharacters(in: .whitespaces)
      }
      return fields
    }

    /// The bytes after the header block.
    public var body: String {
      let text = String(decoding: received, as: UTF8.self)
      return text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
    }
  }

  /// The status code and body of `GET target` on 127.0.0.1:`port`, or nil when nothing
  /// answers.
  public static func get(port: UInt16, target: String) -> (status: Int, body: String)? {
    let request = "GET \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    guard let answer = exchange(port: port, request: Data(request.utf8)),
      let status = answer.status
    else { return nil }
    return (status, answer.body)
  }

  /// Sends `request` to 127.0.0.1:`port` and reads until the server closes the connection
  /// or `timeout` seconds pass; nil when nothing listens.
  public static func exchange(port: UInt16, request: Data, timeout: Double = 10) -> Exchange? {
    let start = Date()
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return nil }
    var wait = timeval(tv_sec: 0, tv_usec: 100_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    var received = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    var sent = 0
    while Date().timeIntervalSince(start) < timeout {
      if sent < request.count {
        let n = request.withUnsafeBytes {
          send(fd, $0.baseAddress! + sent, min(65536, request.count - sent), Int32(MSG_NOSIGNAL))
        }
        if n > 0 {
          sent += n
        } else if errno != EAGAIN && errno != EWOULDBLOCK {
          sent = request.count  // the server stopped reading (reset): collect its answer
        }
      }
      let n = recv(fd, &buffer, buffer.count, sent < request.count ? Int32(MSG_DONTWAIT) : 0)
      if n > 0 {
        received.append(contentsOf: buffer[0..<n])
      } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
        return Exchange(
          received: received, closedByServer: true, seconds: Date().timeIntervalSince(start))
      }
    }
    return Exchange(
      received: received, closedByServer: false, seconds: Date().timeIntervalSince(start))
  }
}
