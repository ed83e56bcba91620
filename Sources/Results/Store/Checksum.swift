import Foundation

/// SHA-256 (FIPS 180-4) and MD5 (RFC 1321) digests, for verifying downloaded datasets.
///
/// MD5 is here only because the CIFAR and Fashion-MNIST authors publish MD5 sums; where a
/// SHA-256 is known it is the one checked.
public enum Checksum {
  /// The lowercase hexadecimal SHA-256 of `data`.
  public static func sha256(_ data: Data) -> String {
    var hasher = SHA256()
    hasher.update(data)
    return hasher.finalize()
  }

  /// The lowercase hexadecimal MD5 of `data`.
  public static func md5(_ data: Data) -> String {
    var hasher = MD5()
    hasher.update(data)
    return hasher.finalize()
  }

  /// The SHA-256 of a file, read in chunks.
  public static func sha256(of url: URL) throws -> String {
    var hasher = SHA256()
    try forEachChunk(of: url) { hasher.update($0) }
    return hasher.finalize()
  }

  /// The MD5 of a file, read in chunks.
  public static func md5(of url: URL) throws -> String {
    var hasher = MD5()
    try forEachChunk(of: url) { hasher.update($0) }
    return hasher.finalize()
  }

  private static func forEachChunk(of url: URL, _ body: (Data) -> Void) throws {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { body(chunk) }
  }

  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }
}

/// Incremental SHA-256.
struct SHA256: BlockDigest {
  private static let k: [UInt32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]
  private var state: [UInt32] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]
  var blocks = BlockBuffer()
  static let bigEndianLength = true
  var digestBytes: [UInt8] {
    state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
  }

  mutating func compress(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) {
    var w = [UInt32](repeating: 0, count: 64)
    for i in 0..<16 {
      let j = start + 4 * i
      w[i] =
        UInt32(bytes[j]) << 24 | UInt32(bytes[j + 1]) << 16 | UInt32(bytes[j + 2]) << 8
        | UInt32(bytes[j + 3])
    }
    for i in 16..<64 {
      let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
      let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
      w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
    }
    var (a, b, c, d, e, f, g, h) = (
      state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
    )
    for i in 0..<64 {
      let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
      let choice = (e & f) ^ (~e & g)
      let t1 = h &+ s1 &+ choice &+ Self.k[i] &+ w[i]
      let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
      let majority = (a & b) ^ (a & c) ^ (b & c)
      let t2 = s0 &+ majority
      (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
    }
    for (i, value) in [a, b, c, d, e, f, g, h].enumerated() { state[i] = state[i] &+ value }
  }
}

/// Incremental MD5.
struct MD5: BlockDigest {
  private static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
    14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10,
    15, 21, 6, 10, 15, 21,
  ]
  private static let k: [UInt32] = (0..<64).map {
    UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296))
  }
  private var state: [UInt32] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
  var blocks = BlockBuffer()
  static let bigEndianLength = false
  var digestBytes: [UInt8] {
    state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  mutating func compress(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) {
    var m = [UInt32](repeating: 0, count: 16)
    for i in 0..<16 {
      let j = start + 4 * i
      m[i] =
        UInt32(bytes[j]) | UInt32(bytes[j + 1]) << 8 | UInt32(bytes[j + 2]) << 16 | UInt32(
          bytes[j + 3]) << 24
    }
    var (a, b, c, d) = (state[0], state[1], state[2], state[3])
    for i in 0..<64 {
      var f: UInt32
      let g: Int
      switch i {
      case 0..<16: (f, g) = ((b & c) | (~b & d), i)
      case 16..<32: (f, g) = ((d & b) | (~d & c), (5 * i + 1) % 16)
      case 32..<48: (f, g) = (b ^ c ^ d, (3 * i + 5) % 16)
      default: (f, g) = (c ^ (b | ~d), (7 * i) % 16)
      }
      f = f &+ a &+ Self.k[i] &+ m[g]
      a = d
      d = c
      c = b
      b = b &+ f.rotatedLeft(Self.shifts[i])
    }
    state[0] = state[0] &+ a
    state[1] = state[1] &+ b
    state[2] = state[2] &+ c
    state[3] = state[3] &+ d
  }
}

/// A digest over 64-byte blocks (SHA-256, MD5): the framing is shared, the compression
/// function and the byte order of the length and result are each digest's own.
protocol BlockDigest {
  var blocks: BlockBuffer { get set }
  static var bigEndianLength: Bool { get }
  var digestBytes: [UInt8] { get }
  mutating func compress(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int)
}

extension BlockDigest {
  mutating func update(_ data: Data) {
    var buffer = takeBlocks()
    buffer.append(data) { compress($0, $1) }
    blocks = buffer
  }

  mutating func finalize() -> String {
    var buffer = takeBlocks()
    buffer.finish(bigEndianLength: Self.bigEndianLength) { compress($0, $1) }
    return Checksum.hex(digestBytes)
  }

  /// Moves the buffer out, so that `compress` may change the state while it runs.
  private mutating func takeBlocks() -> BlockBuffer {
    defer { blocks = BlockBuffer() }
    return blocks
  }
}

/// The 64-byte block framing that SHA-256 and MD5 share: buffer the input, hand out whole
/// blocks, and pad the last with 0x80, zeros and the 64-bit bit length.
struct BlockBuffer {
  private var pending: [UInt8] = []
  private var length: UInt64 = 0

  mutating func append(_ data: Data, _ compress: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
    length &+= UInt64(data.count)
    pending.append(contentsOf: data)
    let whole = pending.count / 64 * 64
    pending.withUnsafeBufferPointer { bytes in
      for start in stride(from: 0, to: whole, by: 64) { compress(bytes, start) }
    }
    pending.removeFirst(whole)
  }

  mutating func finish(bigEndianLength: Bool, _ compress: (UnsafeBufferPointer<UInt8>, Int) -> Void)
  {
    let bits = length &* 8
    var tail: [UInt8] = [0x80]
    while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
    let shifts =
      bigEndianLength
      ? Array(stride(from: 56, through: 0, by: -8)) : Array(stride(from: 0, through: 56, by: 8))
    for shift in shifts { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    append(Data(tail), compress)
  }
}

extension UInt32 {
  fileprivate func rotatedRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
  fileprivate func rotatedLeft(_ n: UInt32) -> UInt32 { (self << n) | (self >> (32 - n)) }
}
