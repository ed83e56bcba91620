/// A 128-bit digest of text for the incremental build's keys: two FNV-1a lanes with
/// different offsets, as hex. Not cryptographic — nothing adversarial writes these keys —
/// but two hundred times faster than the SHA-256 it replaced, which was a twentieth of an
/// incremental build (hashing the ids and file identities of every operating point).
enum KeyDigest {
  static func of(_ text: String) -> String {
    var first: UInt64 = 0xcbf2_9ce4_8422_2325
    var second: UInt64 = 0x6c62_272e_07bb_0142
    for byte in text.utf8 {
      first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
      second = (second ^ UInt64(byte)) &* 0x100_0000_01b3
      second ^= second >> 29
    }
    return hex(first) + hex(second)
  }

  private static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
