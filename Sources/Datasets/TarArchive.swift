import Foundation

/// Reads the entries of a POSIX (ustar or GNU) tar archive held in memory.
///
/// Each 512-byte header is checked (its checksum, its size field, that its data fits the
/// archive), so a truncated or corrupt archive is an error naming the byte offset.
public struct TarArchive {
  /// One regular file in the archive.
  public struct Entry {
    public var path: String
    public var data: Data
  }

  /// The regular files of the archive, in order; folders and links are skipped. A file
  /// whose name is absolute or climbs out with `..` makes the whole archive an error, so
  /// that nothing is unpacked from it (found by fuzzing: the check used to run while
  /// unpacking, after the files before it were written).
  public static func entries(of archive: Data, path: String) throws -> [Entry] {
    var entries: [Entry] = []
    var offset = 0
    var longName: String?
    let bytes = [UInt8](archive)
    func fail(_ message: String) -> DatasetError {
      DatasetError(
        path: path, location: "byte \(offset)", message: message, fix: DatasetError.redownload)
    }
    var ended = false
    while offset + 512 <= bytes.count {
      let header = bytes[offset..<(offset + 512)]
      if header.allSatisfy({ $0 == 0 }) {  // the end-of-archive marker
        ended = true
        break
      }
      let stored = octal(header, 148, 8)
      var sum = 0
      for (i, byte) in header.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
      guard let stored, stored == sum else {
        throw fail("tar header checksum does not match (corrupt archive?)")
      }
      guard let size = octal(header, 124, 12) else {
        throw fail("tar header has an unreadable size field")
      }
      let type = header[header.startIndex + 156]
      let dataStart = offset + 512
      guard dataStart + size <= bytes.count else {
        throw fail(
          "entry needs \(size) bytes but the archive ends at byte \(bytes.count) (truncated?)")
      }
      let content = archive.subdata(
        in: (archive.startIndex + dataStart)..<(archive.startIndex + dataStart + size))
      var name = string(header, 0, 100)
      let prefix = string(header, 345, 155)
      if !prefix.isEmpty
        && header[header.startIndex + 257..<header.startIndex + 262].elementsEqual(
          Array("ustar".utf8))
      {
        name = prefix + "/" + name
      }
      if let long = longName {
        name = long
        longName = nil
      }
      switch type {
      case UInt8(ascii: "L"):  // GNU long name for the next entry
        longName = String(decoding: content.prefix { $0 != 0 }, as: UTF8.self)
      case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
        guard staysInside(name) else {
          throw fail("entry '\(name)' points outside the archive's folder")
        }
        entries.append(Entry(path: name, data: content))
      default:
        break
      }
      offset = dataStart + (size + 511) / 512 * 512
    }
    guard ended else {
      throw fail(
        "archive ends at byte \(bytes.count) without the end-of-archive marker (truncated?)")
    }
    return entries
  }

  /// Whether `path` names a file inside the folder an archive unpacks into: relative,
  /// not empty, and without `..` components.
  private static func staysInside(_ path: String) -> Bool {
    let parts = path.split(separator: "/").filter { $0 != "." }
    return !path.hasPrefix("/") && !parts.isEmpty && !parts.contains("..")
  }

  private static func octal(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> Int? {
    let field = header[(header.startIndex + start)..<(header.startIndex + start + length)]
    let text = String(
      decoding: field.prefix { $0 != 0 && $0 != 32 }.drop { $0 == 32 }, as: UTF8.self)
    if text.isEmpty { return 0 }
    return Int(text, radix: 8)
  }

  private static func string(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> String {
    let field = header[(header.startIndex + start)..<(header.startIndex + start + length)]
    return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// A tar archive of the given files (ustar, for tests and exports).
  public static func archive(_ files: [(path: String, data: Data)]) -> Data {
    var result = Data()
    for (path, data) in files {
      var header = [UInt8](repeating: 0, count: 512)
      let name = Array(path.utf8.prefix(100))
      header.replaceSubrange(0..<name.count, with: name)
      func put(_ value: Int, _ start: Int, _ length: Int) {
        let text = Array(String(value, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: length - 1 - text.count) + text
        header.replaceSubrange(start..<(start + length - 1), with: padded)
      }
      put(0o644, 100, 8)
      put(0, 108, 8)
      put(0, 116, 8)
      put(data.count, 124, 12)
      put(0, 136, 12)
      header[156] = UInt8(ascii: "0")
      header.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
      header.replaceSubrange(263..<265, with: Array("00".utf8))
      header.replaceSubrange(148..<156, with: [UInt8](repeating: 32, count: 8))
      let sum = header.reduce(0) { $0 + Int($1) }
      let text = Array(String(sum, radix: 8).utf8)
      header.replaceSubrange(
        148..<156,
        with: [UInt8](repeating: UInt8(ascii: "0"), count: 6 - text.count) + text + [0, 32])
      result.append(contentsOf: header)
      result.append(data)
      result.append(contentsOf: [UInt8](repeating: 0, count: (512 - data.count % 512) % 512))
    }
    result.append(contentsOf: [UInt8](repeating: 0, count: 1024))
    return result
  }
}
