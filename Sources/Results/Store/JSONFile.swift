import Foundation

/// Reading and writing JSON files: pretty, with sorted keys (stable diffs), written
/// atomically through a temporary file and a rename.
public enum JSONFile {
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// Writes `value` to `url` atomically, creating the folder when needed.
  public static func write<T: Encodable>(_ value: T, to url: URL) throws {
    var data = try encoder().encode(value)
    data.append(0x0A)
    try writeAtomically(data, to: url)
  }

  /// Writes `data` to a hidden temporary file beside `url` (`.NAME.PID.tmp`), then renames
  /// it over `url`: a process killed at any moment leaves either the old file or the new
  /// one, never half of one. Readers of result folders ignore hidden files.
  public static func writeAtomically(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try data.write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw SpecError(
        path: url.path,
        message:
          "cannot be written (\(error.localizedDescription)); check that the folder is writable"
      )
    }
  }
}
