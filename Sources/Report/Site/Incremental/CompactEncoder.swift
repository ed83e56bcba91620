import Foundation

/// A binary form for `Codable` values that decodes several times faster than JSON: the
/// read cache of `ocnna site` holds ten thousand results in it.
///
/// Every value is a tag byte and its payload, little-endian: nil; false; true; a 64-bit
/// signed or unsigned integer; a Double; a Float; a string (UInt32 byte count, UTF-8);
/// an array (UInt32 byte count of the rest, UInt32 element count, the elements); an object
/// (the same counts, then per entry a UInt8 key length, the key's UTF-8 and the value).
/// The byte counts let a reader skip any value without reading it. An object or array equal
/// to one written earlier in the file is written as a reference to it (UInt32 offset of the
/// earlier value's tag): ten thousand results repeat the same recipes, datasets and layer
/// counts, and a reader decodes each shared value once. Only ocnna reads these files, and
/// only files written by the same executable (`ResultReadCache.stamp`).
enum CompactFormat {
  static let null: UInt8 = 0
  static let `false`: UInt8 = 1
  static let `true`: UInt8 = 2
  static let int: UInt8 = 3
  static let uint: UInt8 = 4
  static let double: UInt8 = 5
  static let float: UInt8 = 6
  static let string: UInt8 = 7
  static let array: UInt8 = 8
  static let object: UInt8 = 9
  static let reference: UInt8 = 10

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }
}

/// Encodes a `Codable` value in `CompactFormat`: the containers build a tree of nodes,
/// written out once the value is complete (containers have no end call to write counts at).
struct CompactEncoder {
  /// Whether equal objects and arrays are written once and referred to after: worth it
  /// where values repeat (results), wasted hashing where they do not (page records).
  var sharesEqualValues = true

  func encode<T: Encodable>(_ value: T) throws -> Data {
    let root = Node()
    try value.encode(to: NodeEncoder(node: root, codingPath: []))
    var output = Output(sharing: sharesEqualValues)
    try root.write(to: &output)
    return Data(output.bytes)
  }

  /// The bytes written so far and the objects and arrays among them, by digest, so that a
  /// value equal to one already written becomes a reference to it.
  struct Output {
    var bytes: [UInt8] = []
    var sharing: Bool
    var written: [Int: [(offset: Int, node: Node)]] = [:]

    /// Where an equal value was written, if one was.
    func earlier(_ node: Node) -> Int? {
      written[node.digest]?.first { $0.node.equals(node) }?.offset
    }
  }

  final class Node {
    enum Kind {
      case unset, null, bool(Bool), int(Int64), uint(UInt64), double(Double), float(Float)
      case string(String), array([Node]), object([(String, Node)])
    }
    var kind = Kind.unset

    /// A hash of the value, computed once per node (a parent's combines its children's).
    lazy var digest: Int = {
      var hasher = Hasher()
      switch kind {
      case .unset, .null: hasher.combine(0)
      case .bool(let value): hasher.combine(value)
      case .int(let value): hasher.combine(value)
      case .uint(let value): hasher.combine(value)
      case .double(let value): hasher.combine(value.bitPattern)
      case .float(let value): hasher.combine(value.bitPattern)
      case .string(let value): hasher.combine(value)
      case .array(let elements):
        hasher.combine(elements.count)
        for element in elements { hasher.combine(element.digest) }
      case .object(let entries):
        hasher.combine(-entries.count)
        for (key, value) in entries {
          hasher.combine(key)
          hasher.combine(value.digest)
        }
      }
      return hasher.finalize()
    }()

    /// Whether the two values would be written as the same bytes.
    func equals(_ other: Node) -> Bool {
      if self === other { return true }
      switch (kind, other.kind) {
      case (.unset, .unset), (.null, .null), (.unset, .null), (.null, .unset): return true
      case (.bool(let a), .bool(let b)): return a == b
      case (.int(let a), .int(let b)): return a == b
      case (.uint(let a), .uint(let b)): return a == b
      case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
      case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
      case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
      case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
      case (.object(let a), .object(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1.equals($1.1) }
      default: return false
      }
    }

    func write(to output: inout Output) throws {
      switch kind {
      case .unset, .null: output.bytes.append(CompactFormat.null)
      case .bool(let value): output.bytes.append(value ? CompactFormat.true : CompactFormat.false)
      case .int(let value):
        append(CompactFormat.int, UInt64(bitPattern: value), to: &output.bytes)
      case .uint(let value): append(CompactFormat.uint, value, to: &output.bytes)
      case .double(let value): append(CompactFormat.double, value.bitPattern, to: &output.bytes)
      case .float(let value):
        output.bytes.append(CompactFormat.float)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { output.bytes.append(contentsOf: $0) }
      case .string(let value):
        output.bytes.append(CompactFormat.string)
        Self.appendCount(value.utf8.count, to: &output.bytes)
        output.bytes.append(contentsOf: value.utf8)
      case .array(let elements):
        try writeShared(to: &output, shareable: !elements.isEmpty) { output in
          let start = try open(CompactFormat.array, count: elements.count, in: &output.bytes)
          for element in elements { try element.write(to: &output) }
          try close(start, in: &output.bytes)
        }
      case .object(let entries):
        try writeShared(to: &output, shareable: !entries.isEmpty) { output in
          let start = try open(CompactFormat.object, count: entries.count, in: &output.bytes)
          for (key, value) in entries {
            guard key.utf8.count < 256 else {
              throw CompactFormat.Failure(description: "key '\(key)' is longer than 255 bytes")
            }
            output.bytes.append(UInt8(key.utf8.count))
            output.bytes.append(contentsOf: key.utf8)
            try value.write(to: &output)
          }
          try close(start, in: &output.bytes)
        }
      }
    }

    /// An object or array: a reference to an equal value written earlier, or the value
    /// (by `body`), remembered for the values after it. Empty ones are written as they are.
    private func writeShared(
      to output: inout Output, shareable: Bool, _ body: (inout Output) throws -> Void
    ) throws {
      guard shareable, output.sharing else { return try body(&output) }
      if let offset = output.earlier(self) {
        output.bytes.append(CompactFormat.reference)
        Self.appendCount(offset, to: &output.bytes)
        return
      }
      let offset = output.bytes.count
      try body(&output)
      if offset <= Int(UInt32.max) { output.written[digest, default: []].append((offset, self)) }
    }

    private func append(_ tag: UInt8, _ value: UInt64, to bytes: inout [UInt8]) {
      bytes.append(tag)
      withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func appendCount(_ count: Int, to bytes: inout [UInt8]) {
      withUnsafeBytes(of: UInt32(truncatingIfNeeded: count).littleEndian) {
        bytes.append(contentsOf: $0)
      }
    }

    /// Writes the tag, a placeholder byte count and the element count; returns where the
    /// byte count goes.
    private func open(_ tag: UInt8, count: Int, in bytes: inout [UInt8]) throws -> Int {
      bytes.append(tag)
      let start = bytes.count
      Self.appendCount(0, to: &bytes)
      Self.appendCount(count, to: &bytes)
      return start
    }

    private func close(_ start: Int, in bytes: inout [UInt8]) throws {
      let length = bytes.count - start - 4
      guard length <= Int(UInt32.max) else {
        throw CompactFormat.Failure(description: "a value of \(length) bytes is too large")
      }
      withUnsafeBytes(of: UInt32(length).littleEndian) { raw in
        for i in 0..<4 { bytes[start + i] = raw[i] }
      }
    }
  }

  struct NodeEncoder: Encoder {
    let node: Node
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      if case .object = node.kind {} else { node.kind = .object([]) }
      return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
      if case .array = node.kind {} else { node.kind = .array([]) }
      return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
      Single(node: node, codingPath: codingPath)
    }
  }

  /// Sets a node from a value: the primitives directly, anything else by its `encode(to:)`.
  static func set<T: Encodable>(_ node: Node, to value: T, codingPath: [CodingKey]) throws {
    switch value {
    case let v as String: node.kind = .string(v)
    case let v as Double: node.kind = .double(v)
    case let v as Float: node.kind = .float(v)
    case let v as Int: node.kind = .int(Int64(v))
    case let v as Int64: node.kind = .int(v)
    case let v as Int32: node.kind = .int(Int64(v))
    case let v as Int16: node.kind = .int(Int64(v))
    case let v as Int8: node.kind = .int(Int64(v))
    case let v as UInt64: node.kind = .uint(v)
    case let v as UInt: node.kind = .uint(UInt64(v))
    case let v as UInt32: node.kind = .uint(UInt64(v))
    case let v as UInt16: node.kind = .uint(UInt64(v))
    case let v as UInt8: node.kind = .uint(UInt64(v))
    case let v as Bool: node.kind = .bool(v)
    default: try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [CodingKey]

    private func child(_ key: Key) -> Node {
      let child = Node()
      if case .object(var entries) = node.kind {
        node.kind = .unset  // keeps `entries` uniquely referenced while appending
        entries.append((key.stringValue, child))
        node.kind = .object(entries)
      }
      return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).kind = .null }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      try CompactEncoder.set(child(key), to: value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
      NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder {
      NodeEncoder(node: child(Key(stringValue: "super")!), codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> Encoder {
      NodeEncoder(node: child(key), codingPath: codingPath + [key])
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [CodingKey]
    var count: Int {
      if case .array(let elements) = node.kind { return elements.count }
      return 0
    }

    private func next() -> Node {
      let child = Node()
      if case .array(var elements) = node.kind {
        node.kind = .unset
        elements.append(child)
        node.kind = .array(elements)
      }
      return child
    }

    mutating func encodeNil() throws { next().kind = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
      try CompactEncoder.set(next(), to: value, codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
      -> KeyedEncodingContainer<NestedKey>
    {
      NodeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
      NodeEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { NodeEncoder(node: next(), codingPath: codingPath) }
  }

  struct Single: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [CodingKey]
    mutating func encodeNil() throws { node.kind = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
      try CompactEncoder.set(node, to: value, codingPath: codingPath)
    }
  }
}
