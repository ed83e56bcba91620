import Datasets
import Foundation
import Testing

/// A small file declaring a huge image is refused from its header, before any pixel
/// memory is allocated.
struct ImageSizeLimitTests {
  static let tiny = DecodedImage(
    width: 4, height: 4, channels: 3, pixels: [UInt8](repeating: 128, count: 48))

  /// The JPEG with its frame header (SOF0) declaring `width`×`height`.
  static func jpeg(declaring width: Int, _ height: Int) throws -> Data {
    var bytes = [UInt8](try Codecs.encodeJPEG(tiny))
    let sof = try #require(
      (0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
    // FF C0, length (2), precision (1), height (2), width (2).
    bytes[sof + 5] = UInt8(height >> 8)
    bytes[sof + 6] = UInt8(height & 0xFF)
    bytes[sof + 7] = UInt8(width >> 8)
    bytes[sof + 8] = UInt8(width & 0xFF)
    return Data(bytes)
  }

  /// The PNG with its IHDR declaring `width`×`height`, its CRC recomputed.
  static func png(declaring width: Int, _ height: Int) throws -> Data {
    var bytes = [UInt8](try Codecs.encodePNG(tiny))
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC.
    for (offset, value) in [(16, width), (20, height)] {
      for i in 0..<4 { bytes[offset + i] = UInt8((value >> (24 - 8 * i)) & 0xFF) }
    }
    let crc = crc32(bytes[12..<29])
    for i in 0..<4 { bytes[29 + i] = UInt8((crc >> (24 - 8 * UInt32(i))) & 0xFF) }
    return Data(bytes)
  }

  /// CRC-32 (IEEE), as PNG chunks carry it.
  static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  @Test func theEncodedImagesDecodeAsTheyAre() throws {
    #expect(try Codecs.decodeImage(Self.jpeg(declaring: 4, 4), path: "a.jpg").width == 4)
    #expect(try Codecs.decodeImage(Self.png(declaring: 4, 4), path: "a.png").width == 4)
  }

  @Test func aHugeDeclaredSizeIsRefusedFromTheHeader() throws {
    for (data, name) in [
      (try Self.jpeg(declaring: 30000, 30000), "huge.jpg"),
      (try Self.png(declaring: 30000, 30000), "huge.png"),
    ] {
      #expect {
        try Codecs.decodeImage(data, path: name)
      } throws: { error in
        let text = "\(error)"
        return text.contains(name) && text.contains("30000×30000") && text.contains("8192×8192")
      }
    }
  }
}
