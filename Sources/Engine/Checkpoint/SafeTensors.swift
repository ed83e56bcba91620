import Foundation
import StrictJSON

/// The safetensors file format: an 8-byte little-endian header length, a JSON header that
/// maps tensor names to dtype, shape and byte offsets (plus an optional string map under
/// `__metadata__`), then the raw little-endian data.
///
/// Specification: https://github.com/huggingface/safetensors#format. Parsing checks every
/// field and offset, so a malformed file throws a `SafeTensorsError`, never crashes.
public struct SafeTensorsFile: Sendable {
  /// One tensor's header entry.
  public struct Entry: Equatable, Sendable {
    public var name: String
    public var dtype: String
    public var shape: [Int]
    /// Byte range within the data section.
    public var byteRange: Range<Int>
  }

  /// Where the file came from, for messages.
  public let path: String
  /// Entries in header order of their data offsets.
  public let entries: [Entry]
  public let metadata: [String: String]
  private let data: Data
  private let dataStart: Int

  /// Bytes per element of the dtypes the format defines.
  static let elementSizes: [String: Int] = [
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2,
    "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8,
  ]

  /// Reads and checks the file at `url`.
  public init(contentsOf url: URL) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
      throw SafeTensorsError(
        path: url.path,
        message: !exists ? "does not exist" : isFolder.boolValue ? "is a folder" : "cannot be read",
        fix: exists ? "name a .safetensors file you may read" : "check the path")
    }
    try self.init(data: data, path: url.path)
  }

  /// Parses safetensors bytes; `path` names the source in errors.
  public init(data: Data, path: String) throws {
    func fail(
      _ message: String,
      _ fix: String = "the file is not a valid safetensors file; re-export or re-download it"
    ) -> SafeTensorsError {
      SafeTensorsError(path: path, message: message, fix: fix)
    }
    guard data.count >= 8 else {
      throw fail(
        "is \(data.count) bytes long; a safetensors file starts with an 8-byte header length")
    }
    let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard headerLength >= 2, headerLength <= UInt64(data.count - 8), headerLength <= 100_000_000
    else {
      throw fail(
        "header length \(headerLength) at byte 0 does not fit a file of \(data.count) bytes")
    }
    let start = data.startIndex
    let headerBytes = data.subdata(in: (start + 8)..<(start + 8 + Int(headerLength)))
    if let problem = JSONSyntax.problem(in: headerBytes) {
      throw fail(
        "header (bytes 8..<\(8 + headerLength)) is not valid JSON: \(problem.jsonPath): \(problem)")
    }
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: headerBytes)
    } catch {
      throw fail("header (bytes 8..<\(8 + headerLength)) is not valid JSON")
    }
    guard let header = json as? [String: Any] else { throw fail("header is not a JSON object") }
    let dataStart = 8 + Int(headerLength)
    let dataSize = data.count - dataStart
    var metadata: [String: String] = [:]
    var entries: [Entry] = []
    for (name, value) in header {
      if name == "__metadata__" {
        guard let map = value as? [String: Any] else {
          throw fail("__metadata__ is not an object of strings")
        }
        for (key, item) in map {
          guard let text = item as? String else {
            throw fail("__metadata__.\(key) is not a string")
          }
          metadata[key] = text
        }
        continue
      }
      guard let info = value as? [String: Any] else {
        throw fail("entry '\(name)' is not an object")
      }
      guard let dtype = info["dtype"] as? String, let size = Self.elementSizes[dtype] else {
        throw fail(
          "entry '\(name)': dtype \(info["dtype"].map { "\($0)" } ?? "(missing)") is not a safetensors dtype"
        )
      }
      guard let shape = Self.integers(info["shape"]), shape.allSatisfy({ $0 >= 0 && $0 < 1 << 40 })
      else {
        throw fail("entry '\(name)': shape is not a list of non-negative integers")
      }
      guard let offsets = Self.integers(info["data_offsets"]), offsets.count == 2, offsets[0] >= 0,
        offsets[0] <= offsets[1]
      else {
        throw fail("entry '\(name)': data_offsets is not [begin, end] with 0 <= begin <= end")
      }
      guard offsets[1] <= dataSize else {
        throw fail(
          "entry '\(name)': data_offsets \(offsets) run past the \(dataSize) data bytes (file truncated?)"
        )
      }
      let (elements, overflow) = shape.reduce((1, false)) { acc, d in
        let (p, o) = acc.0.multipliedReportingOverflow(by: d)
        return (p, acc.1 || o)
      }
      guard !overflow, elements * size == offsets[1] - offsets[0] else {
        throw fail(
          "entry '\(name)': shape \(shape) of \(dtype) needs \(overflow ? "too many" : "\(elements * size)") bytes, data_offsets give \(offsets[1] - offsets[0])"
        )
      }
      entries.append(
        Entry(name: name, dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1]))
    }
    entries.sort { ($0.byteRange.lowerBound, $0.name) < ($1.byteRange.lowerBound, $1.name) }
    for (a, b) in zip(entries, entries.dropFirst())
    where a.byteRange.upperBound > b.byteRange.lowerBound {
      throw fail("entries '\(a.name)' and '\(b.name)' have overlapping data_offsets")
    }
    self.path = path
    self.entries = entries
    self.metadata = metadata
    self.data = data
    self.dataStart = dataStart
  }

  private static func integers(_ value: Any?) -> [Int]? {
    guard let list = value as? [Any] else { return nil }
    var result: [Int] = []
    for item in list {
      // JSON numbers arrive as NSNumber; only exact integers are accepted.
      guard let number = item as? NSNumber, String(cString: number.objCType) != "c",
        let int = Int(exactly: number.doubleValue)
      else {
        return nil
      }
      result.append(int)
    }
    return result
  }

  /// The entry called `name`, if present.
  public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

  /// The Float32 tensor called `name`.
  public func tensor(_ name: String) throws -> Tensor {
    guard let entry = entry(name) else {
      throw SafeTensorsError(
        path: path, message: "has no tensor named '\(name)'",
        fix: "check the tensor names with `ocnna inspect-checkpoint`")
    }
    return try tensor(entry)
  }

  /// The Float32 tensor of `entry`.
  public func tensor(_ entry: Entry) throws -> Tensor {
    guard entry.dtype == "F32" else {
      throw SafeTensorsError(
        path: path, message: "tensor '\(entry.name)' is \(entry.dtype)",
        fix: "convert the checkpoint to F32 (float32) tensors")
    }
    let count = entry.byteRange.count / 4
    var scalars = [Float](repeating: 0, count: count)
    let begin = data.startIndex + dataStart + entry.byteRange.lowerBound
    scalars.withUnsafeMutableBytes { target in
      data.copyBytes(
        to: target.bindMemory(to: UInt8.self), from: begin..<(begin + entry.byteRange.count))
    }
    #if _endian(big)
      scalars = scalars.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
    #endif
    return Tensor(shape: entry.shape, scalars: scalars)
  }

  /// Writes Float32 tensors, in the given order, and `metadata` atomically to `url`.
  public static func write(
    _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String], to url: URL
  ) throws {
    var header: [String: Any] = [:]
    if !metadata.isEmpty { header["__metadata__"] = metadata }
    var offset = 0
    for (name, tensor) in tensors {
      precondition(name != "__metadata__", "safetensors: '__metadata__' is not a tensor name")
      header[name] = [
        "dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + tensor.count * 4],
      ]
      offset += tensor.count * 4
    }
    var headerData = try JSONSerialization.data(
      withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
    // Pad with spaces so that the data starts 8-byte aligned, as the reference writer does.
    while headerData.count % 8 != 0 { headerData.append(0x20) }
    var file = Data(capacity: 8 + headerData.count + offset)
    withUnsafeBytes(of: UInt64(headerData.count).littleEndian) { file.append(contentsOf: $0) }
    file.append(headerData)
    for (_, tensor) in tensors {
      tensor.scalars.withUnsafeBytes { file.append(contentsOf: $0) }
    }
    do {
      try file.write(to: url, options: .atomic)
    } catch {
      throw SafeTensorsError(
        path: url.path, message: "cannot be written",
        fix: "check that the folder exists and is writable")
    }
  }
}

/// A safetensors file that cannot be read, with the file, what is wrong and how to fix it.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var message: String
  public var fix: String

  public var description: String { "\(path): \(message). Fix: \(fix)." }
}
