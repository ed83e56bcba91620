import Foundation

/// Decodes `CompactFormat` bytes straight from the buffer — no parse tree, no number
/// parsing, no key dictionaries — bounds-checking every read, so that a damaged file is a
/// thrown error, never a crash. Coding paths are not tracked (each would be an array
/// allocation per value): a cache that fails to decode is dropped, not reported.
struct CompactDecoder {
  func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    let bytes = Bytes(data)
    let decoder = ValueDecoder(bytes: bytes, offset: 0, codingPath: [])
    return try T(from: decoder)
  }

  /// The file's bytes, kept alive as long as any container reads them.
  final class Bytes {
    let base: UnsafeMutableRawBufferPointer

    init(_ data: Data) {
      base = .allocate(byteCount: max(data.count, 1), alignment: 8)
      _ = data.copyBytes(to: base)
      count = data.count
    }

    let count: Int
    deinit { base.deallocate() }

    func check(_ offset: Int, _ length: Int) throws {
      guard offset >= 0, length >= 0, offset <= count - length else {
        throw CompactFormat.Failure(description: "truncated at byte \(offset)")
      }
    }

    func byte(_ offset: Int) throws -> UInt8 {
      try check(offset, 1)
      return base[offset]
    }

    func uint32(_ offset: Int) throws -> Int {
      try check(offset, 4)
      return Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    func uint64(_ offset: Int) throws -> UInt64 {
      try check(offset, 8)
      return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    func string(_ offset: Int, _ length: Int) throws -> String {
      try check(offset, length)
      return String(
        decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + length]),
        as: UTF8.self)
    }

    func equals(_ offset: Int, _ length: Int, _ key: String) -> Bool {
      var key = key
      return key.withUTF8 { utf8 in
        utf8.count == length
          && memcmp(base.baseAddress! + offset, utf8.baseAddress!, length) == 0
      }
    }

    /// Values decoded at a reference's target, by target and type: each shared value is
    /// decoded once more, then copied.
    private var shared: [SharedKey: Any] = [:]
    private struct SharedKey: Hashable {
      var offset: Int
      var type: ObjectIdentifier
    }

    /// The offset of the value a reference at `offset` names, or `offset` itself. A
    /// reference may only name an object or array that ends before it (not one that
    /// contains it), so following references always reaches a value, never a loop.
    func resolved(_ offset: Int) throws -> Int {
      guard try byte(offset) == CompactFormat.reference else { return offset }
      let target = try uint32(offset + 1)
      let tag = target < offset ? try byte(target) : CompactFormat.reference
      guard tag == CompactFormat.object || tag == CompactFormat.array,
        try end(of: target) <= offset
      else { throw mismatch("a reference to an earlier object or array", offset) }
      return target
    }

    /// The offset just past the value at `offset`.
    func end(of offset: Int) throws -> Int {
      switch try byte(offset) {
      case CompactFormat.reference: return offset + 5
      case CompactFormat.null, CompactFormat.false, CompactFormat.true: return offset + 1
      case CompactFormat.int, CompactFormat.uint, CompactFormat.double: return offset + 9
      case CompactFormat.float: return offset + 5
      case CompactFormat.string: return offset + 5 + (try uint32(offset + 1))
      case CompactFormat.array, CompactFormat.object: return offset + 5 + (try uint32(offset + 1))
      case let tag: throw CompactFormat.Failure(description: "unknown tag \(tag) at \(offset)")
      }
    }

    func isNull(_ offset: Int) throws -> Bool { try byte(offset) == CompactFormat.null }

    func bool(_ offset: Int) throws -> Bool {
      switch try byte(offset) {
      case CompactFormat.false: return false
      case CompactFormat.true: return true
      default: throw mismatch("Bool", offset)
      }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, _ offset: Int) throws -> T {
      let value: T?
      switch try byte(offset) {
      case CompactFormat.int: value = T(exactly: Int64(bitPattern: try uint64(offset + 1)))
      case CompactFormat.uint: value = T(exactly: try uint64(offset + 1))
      default: throw mismatch("\(T.self)", offset)
      }
      guard let value else { throw mismatch("\(T.self) in range", offset) }
      return value
    }

    func double(_ offset: Int) throws -> Double {
      switch try byte(offset) {
      case CompactFormat.double: return Double(bitPattern: try uint64(offset + 1))
      case CompactFormat.float:
        try check(offset + 1, 4)
        return Double(
          Float(
            bitPattern: UInt32(
              littleEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self))))
      default: throw mismatch("Double", offset)
      }
    }

    func float(_ offset: Int) throws -> Float {
      switch try byte(offset) {
      case CompactFormat.float:
        try check(offset + 1, 4)
        return Float(
          bitPattern: UInt32(
            littleEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
      case CompactFormat.double: return Float(Double(bitPattern: try uint64(offset + 1)))
      default: throw mismatch("Float", offset)
      }
    }

    func string(at offset: Int) throws -> String {
      guard try byte(offset) == CompactFormat.string else { throw mismatch("String", offset) }
      return try string(offset + 5, try uint32(offset + 1))
    }

    func mismatch(_ expected: String, _ offset: Int) -> CompactFormat.Failure {
      CompactFormat.Failure(description: "expected \(expected) at byte \(offset)")
    }

    /// Decodes the value at `offset`: the primitives directly, anything else by its
    /// `init(from:)` over a decoder at that offset.
    func value<T: Decodable>(_ type: T.Type, at offset: Int, codingPath: [CodingKey]) throws -> T {
      switch type {
      case is String.Type: return try string(at: offset) as! T
      case is Double.Type: return try double(offset) as! T
      case is Float.Type: return try float(offset) as! T
      case is Int.Type: return try integer(Int.self, offset) as! T
      case is UInt64.Type: return try integer(UInt64.self, offset) as! T
      case is Bool.Type: return try bool(offset) as! T
      default:
        guard try byte(offset) == CompactFormat.reference else {
          return try T(from: ValueDecoder(bytes: self, offset: offset, codingPath: codingPath))
        }
        let key = SharedKey(offset: try resolved(offset), type: ObjectIdentifier(T.self))
        if let value = shared[key] as? T { return value }
        let value = try T(
          from: ValueDecoder(bytes: self, offset: key.offset, codingPath: codingPath))
        shared[key] = value
        return value
      }
    }
  }

  struct ValueDecoder: Decoder {
    let bytes: Bytes
    let offset: Int
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      KeyedDecodingContainer(try Keyed<Key>(bytes: bytes, offset: offset, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
      try Unkeyed(bytes: bytes, offset: offset, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
      Single(bytes: bytes, offset: offset, codingPath: codingPath)
    }
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let bytes: Bytes
    var codingPath: [CodingKey]
    private let table = Table()
    private var entries: [(key: Int, length: Int, value: Int)] { table.entries }

    /// Each entry's key (offset and length) and value offset, in stored order, and where
    /// the next lookup starts: entries are mostly asked for in the order they were stored.
    final class Table {
      var entries: [(key: Int, length: Int, value: Int)] = []
      var cursor = 0
    }

    init(bytes: Bytes, offset: Int, codingPath: [CodingKey]) throws {
      self.bytes = bytes
      self.codingPath = codingPath
      let offset = try bytes.resolved(offset)
      guard try bytes.byte(offset) == CompactFormat.object else {
        throw bytes.mismatch("an object", offset)
      }
      let end = try bytes.end(of: offset)
      let count = try bytes.uint32(offset + 5)
      guard count <= end - offset else { throw bytes.mismatch("a count in range", offset) }
      var entries: [(key: Int, length: Int, value: Int)] = []
      entries.reserveCapacity(count)
      var position = offset + 9
      for _ in 0..<count {
        let length = Int(try bytes.byte(position))
        try bytes.check(position + 1, length)
        let value = position + 1 + length
        entries.append((position + 1, length, value))
        position = try bytes.end(of: value)
        guard position <= end else { throw bytes.mismatch("an entry inside its object", value) }
      }
      table.entries = entries
    }

    var allKeys: [Key] {
      entries.compactMap { Key(stringValue: (try? bytes.string($0.key, $0.length)) ?? "") }
    }

    /// The value offset of `key`'s entry, searching from the cursor and moving it past
    /// the match.
    private func find(_ key: Key) -> Int? {
      let name = key.stringValue
      let entries = table.entries
      for step in 0..<entries.count {
        let index = (table.cursor + step) % entries.count
        if bytes.equals(entries[index].key, entries[index].length, name) {
          table.cursor = index + 1
          return entries[index].value
        }
      }
      return nil
    }

    private func offset(of key: Key) throws -> Int {
      guard let value = find(key) else {
        throw DecodingError.keyNotFound(
          key, .init(codingPath: codingPath, debugDescription: "no entry"))
      }
      return value
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
      guard let value = find(key) else { return true }
      return try bytes.isNull(value)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      try bytes.value(type, at: try offset(of: key), codingPath: codingPath)
    }

    // The primitives and optionals directly, with one lookup each: the protocol's default
    // `decodeIfPresent` looks a key up three times and every default goes through the
    // generic path's type tests.
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
      try bytes.string(at: try offset(of: key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
      try bytes.double(try offset(of: key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
      try bytes.float(try offset(of: key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
      try bytes.integer(Int.self, try offset(of: key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
      try bytes.integer(UInt64.self, try offset(of: key))
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
      try bytes.bool(try offset(of: key))
    }

    /// The value offset of `key`, or nil when it is absent or null.
    private func present(_ key: Key) throws -> Int? {
      guard let value = find(key), try !bytes.isNull(value) else { return nil }
      return value
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      try present(key).map { try bytes.value(type, at: $0, codingPath: codingPath) }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
      try present(key).map { try bytes.string(at: $0) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
      try present(key).map { try bytes.double($0) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
      try present(key).map { try bytes.integer(Int.self, $0) }
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
      try present(key).map { try bytes.bool($0) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
      throws -> KeyedDecodingContainer<NestedKey>
    {
      try ValueDecoder(bytes: bytes, offset: try offset(of: key), codingPath: codingPath)
        .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
      try ValueDecoder(bytes: bytes, offset: try offset(of: key), codingPath: codingPath)
        .unkeyedContainer()
    }

    func superDecoder() throws -> Decoder {
      ValueDecoder(
        bytes: bytes, offset: try offset(of: Key(stringValue: "super")!), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> Decoder {
      ValueDecoder(bytes: bytes, offset: try offset(of: key), codingPath: codingPath)
    }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let bytes: Bytes
    var codingPath: [CodingKey]
    let count: Int?
    var currentIndex = 0
    private var position: Int
    private let end: Int
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    init(bytes: Bytes, offset: Int, codingPath: [CodingKey]) throws {
      self.bytes = bytes
      self.codingPath = codingPath
      let offset = try bytes.resolved(offset)
      guard try bytes.byte(offset) == CompactFormat.array else {
        throw bytes.mismatch("an array", offset)
      }
      end = try bytes.end(of: offset)
      let count = try bytes.uint32(offset + 5)
      guard count <= end - offset else { throw bytes.mismatch("a count in range", offset) }
      self.count = count
      position = offset + 9
    }

    /// The offset of the next element, moving past it.
    private mutating func next() throws -> Int {
      guard !isAtEnd else {
        throw DecodingError.valueNotFound(
          Any.self, .init(codingPath: codingPath, debugDescription: "past the last element"))
      }
      let offset = position
      position = try bytes.end(of: offset)
      guard position <= end else { throw bytes.mismatch("an element inside its array", offset) }
      currentIndex += 1
      return offset
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd, try bytes.isNull(position) else { return false }
      _ = try next()
      return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
      try bytes.value(type, at: try next(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try ValueDecoder(bytes: bytes, offset: try next(), codingPath: codingPath).container(
        keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
      try ValueDecoder(bytes: bytes, offset: try next(), codingPath: codingPath)
        .unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder {
      ValueDecoder(bytes: bytes, offset: try next(), codingPath: codingPath)
    }
  }

  struct Single: SingleValueDecodingContainer {
    let bytes: Bytes
    let offset: Int
    var codingPath: [CodingKey]

    func decodeNil() -> Bool { (try? bytes.isNull(offset)) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try bytes.bool(offset) }
    func decode(_ type: String.Type) throws -> String { try bytes.string(at: offset) }
    func decode(_ type: Double.Type) throws -> Double { try bytes.double(offset) }
    func decode(_ type: Float.Type) throws -> Float { try bytes.float(offset) }
    func decode(_ type: Int.Type) throws -> Int { try bytes.integer(Int.self, offset) }
    func decode(_ type: Int8.Type) throws -> Int8 { try bytes.integer(Int8.self, offset) }
    func decode(_ type: Int16.Type) throws -> Int16 { try bytes.integer(Int16.self, offset) }
    func decode(_ type: Int32.Type) throws -> Int32 { try bytes.integer(Int32.self, offset) }
    func decode(_ type: Int64.Type) throws -> Int64 { try bytes.integer(Int64.self, offset) }
    func decode(_ type: UInt.Type) throws -> UInt { try bytes.integer(UInt.self, offset) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try bytes.integer(UInt8.self, offset) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try bytes.integer(UInt16.self, offset) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try bytes.integer(UInt32.self, offset) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try bytes.integer(UInt64.self, offset) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
      try bytes.value(type, at: offset, codingPath: codingPath)
    }
  }
}
