import CCodecs
import Foundation

/// An 8-bit image with interleaved channels (`height × width × channels`).
public struct DecodedImage: Equatable, Sendable {
  public var width: Int
  public var height: Int
  public var channels: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height * channels, "DecodedImage: wrong pixel count")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }
}

/// JPEG and PNG through Debian's libjpeg-turbo and libpng, and gzip through zlib; every
/// failure of the C libraries becomes a `DatasetError` naming the file.
public enum Codecs {
  /// Decodes a JPEG or PNG (chosen by its signature) with libjpeg's default settings.
  public static func decodeImage(_ data: Data, path: String) throws -> DecodedImage {
    let isPNG = data.starts(with: [0x89, 0x50, 0x4E, 0x47])
    let isJPEG = data.starts(with: [0xFF, 0xD8])
    guard isPNG || isJPEG else {
      throw DatasetError(
        path: path, location: "byte 0",
        message: "is neither a JPEG (FF D8) nor a PNG (89 50 4E 47) file",
        fix: "remove the file or convert it to JPEG or PNG")
    }
    var pixels: UnsafeMutablePointer<UInt8>?
    var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
    var message = [CChar](repeating: 0, count: 256)
    let status = data.withUnsafeBytes { raw -> Int32 in
      let bytes = raw.bindMemory(to: UInt8.self).baseAddress
      return isPNG
        ? ccodecs_decode_png(bytes, raw.count, &pixels, &width, &height, &channels, &message, 256)
        : ccodecs_decode_jpeg(bytes, raw.count, &pixels, &width, &height, &channels, &message, 256)
    }
    guard status == 0, let pixels else {
      throw DatasetError(
        path: path,
        message: "cannot be decoded as \(isPNG ? "PNG" : "JPEG"): \(String(cString: message))",
        fix: "remove or replace the damaged image")
    }
    defer { ccodecs_free(pixels) }
    let count = Int(width) * Int(height) * Int(channels)
    return DecodedImage(
      width: Int(width), height: Int(height), channels: Int(channels),
      pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
  }

  /// Encodes an image as JPEG at `quality` (1–100).
  public static func encodeJPEG(_ image: DecodedImage, quality: Int = 90) throws -> Data {
    try encode { data, size, message in
      ccodecs_encode_jpeg(
        image.pixels, Int32(image.width), Int32(image.height), Int32(image.channels),
        Int32(quality), data, size, message, 256)
    }
  }

  /// Encodes an image as PNG.
  public static func encodePNG(_ image: DecodedImage) throws -> Data {
    try encode { data, size, message in
      ccodecs_encode_png(
        image.pixels, Int32(image.width), Int32(image.height), Int32(image.channels), data, size,
        message, 256)
    }
  }

  /// Inflates gzip data; a corrupt or truncated stream names the byte where it failed.
  public static func gunzip(_ data: Data, path: String) throws -> Data {
    var output: UnsafeMutablePointer<UInt8>?
    var size = 0
    var message = [CChar](repeating: 0, count: 256)
    let status = data.withUnsafeBytes { raw in
      ccodecs_gunzip(
        raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &output, &size, &message, 256)
    }
    guard status == 0, let output else {
      throw DatasetError(
        path: path, message: String(cString: message), fix: DatasetError.redownload)
    }
    defer { ccodecs_free(output) }
    return Data(bytes: output, count: size)
  }

  /// Compresses data in the gzip format.
  public static func gzip(_ data: Data) throws -> Data {
    try encode { output, size, message in
      data.withUnsafeBytes { raw in
        ccodecs_gzip(
          raw.bindMemory(to: UInt8.self).baseAddress, raw.count, output, size, message, 256)
      }
    }
  }

  /// True when `data` starts with the gzip signature.
  public static func isGzip(_ data: Data) -> Bool { data.starts(with: [0x1F, 0x8B]) }

  private static func encode(
    _ body: (
      UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
      UnsafeMutablePointer<CChar>
    ) -> Int32
  ) throws -> Data {
    var output: UnsafeMutablePointer<UInt8>?
    var size = 0
    var message = [CChar](repeating: 0, count: 256)
    guard body(&output, &size, &message) == 0, let output else {
      throw DatasetError(
        path: "(memory)", message: String(cString: message),
        fix: "check the image's size and channels")
    }
    defer { ccodecs_free(output) }
    return Data(bytes: output, count: size)
  }
}
