import Foundation
import StrictJSON

/// Reading and writing JSON files: pretty, with sorted keys (stable diffs), written
/// atomically through a temporary file and a rename.
public enum JSONFile {
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// Decodes `T` from `data`, the contents of `path`: first the strict syntax check (line,
  /// column and JSON path of a syntax error or a repeated key), then the type's own rules,
  /// every failure as a `SpecError` in the project's words.
  public static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws
    -> T
  {
    try checkSyntax(data, path: path)
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch let error as SpecError {
      throw error
    } catch {
      throw SpecError.decoding(error, path: path)
    }
  }

  /// Throws the first syntax problem, repeated key or control character (other than tab and
  /// line breaks) of `data` as a `SpecError`.
  public static func checkSyntax(_ data: Data, path: String) throws {
    if let problem = JSONSyntax.problem(in: data, refusingControlCharacters: true) {
      throw SpecError(
        path: path, jsonPath: problem.jsonPath,
        message: "\(problem.message) (line \(problem.line), column \(problem.column))")
    }
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
          "cannot be written; check that the folder is writable and the disk has room"
      )
    }
  }
}
