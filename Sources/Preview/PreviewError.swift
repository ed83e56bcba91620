import Foundation
import NIOCore

/// Why the preview server could not start, in words that name the option to change.
public enum PreviewError: Error, CustomStringConvertible, Equatable {
  case portInUse(host: String, port: Int)
  case unknownHost(String)
  case cannotBind(host: String, port: Int, reason: String)

  public var description: String {
    switch self {
    case .portInUse(let host, let port):
      "port \(port) on \(host) is already in use; choose another with --port (0: any free port)"
    case .unknownHost(let host):
      "--host \(host) is not an address of this machine; use 127.0.0.1 (the default) or an address `ip addr` lists"
    case .cannotBind(let host, let port, let reason):
      "cannot listen on \(host):\(port): \(reason); check --host and --port"
    }
  }

  /// The project's words for a SwiftNIO bind failure.
  static func from(_ error: any Error, host: String, port: Int) -> any Error {
    if let io = error as? IOError {
      if io.errnoCode == EADDRINUSE { return PreviewError.portInUse(host: host, port: port) }
      if io.errnoCode == EADDRNOTAVAIL { return PreviewError.unknownHost(host) }
      return PreviewError.cannotBind(
        host: host, port: port, reason: String(cString: strerror(io.errnoCode)))
    }
    if error is SocketAddressError { return PreviewError.unknownHost(host) }
    return error
  }
}
