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
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    var data = try encoder().encode(value)
    data.append(0x0A)
    try data.write(to: url, options: .atomic)
  }
}
