import Foundation
import Results

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `stat` says about a file — size, modification time to the nanosecond and inode —
/// the way git's index tells a changed file from an unchanged one without reading it.
///
/// Any write through ocnna (an atomic rename) gives the file a new inode and time, a
/// checkout or copy a new time; equal identities are taken to mean equal bytes.
struct FileIdentity: Codable, Hashable, Sendable {
  var size: Int64
  var modifiedNanoseconds: Int64
  var inode: UInt64

  /// The identity of the file at `path`, or nil when there is no regular file there.
  static func of(_ path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    #if canImport(Darwin)
      let time = info.st_mtimespec
    #else
      let time = info.st_mtim
    #endif
    return FileIdentity(
      size: Int64(info.st_size),
      modifiedNanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec),
      inode: UInt64(info.st_ino))
  }

  /// Text that changes whenever the identity does (part of a page's key).
  var text: String { "\(size):\(modifiedNanoseconds):\(inode)" }

  /// The names and identities of the files in `folder` (not hidden ones), as one digest.
  static func ofFiles(in folder: URL) -> String {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { !$0.hasPrefix(".") }.sorted()
    let lines = names.map {
      "\($0) \(FileIdentity.of(folder.appendingPathComponent($0).path)?.text ?? "?")"
    }
    return KeyDigest.of(lines.joined(separator: "\n"))
  }

  /// The running executable's identity: a rebuilt ocnna may decode or render differently,
  /// so nothing cached by another build is reused.
  static let executable: String = {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? ""
    return "\(path)@\(FileIdentity.of(path)?.text ?? "unknown")"
  }()
}
