import Foundation

/// Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a magic number
/// (two zero bytes, a type byte — 0x08 for unsigned bytes — and the number of
/// dimensions), one big-endian 32-bit size per dimension, then the data. Files may be
/// gzip-compressed.
public enum IDX {
  public static let fashionMNISTClasses = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
    "Ankle boot",
  ]

  /// The dimensions and unsigned-byte data of one IDX file.
  public static func read(_ url: URL) throws -> (dimensions: [Int], data: [UInt8]) {
    var data = try DatasetError.contents(of: url)
    if Codecs.isGzip(data) { data = try Codecs.gunzip(data, path: url.path) }
    let bytes = [UInt8](data)
    func fail(_ location: String, _ message: String) -> DatasetError {
      DatasetError(
        path: url.path, location: location, message: message, fix: DatasetError.redownload)
    }
    guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
      throw fail("byte 0", "magic number does not start with two zero bytes (not an IDX file)")
    }
    guard bytes[2] == 0x08 else {
      throw fail("byte 2", "data type 0x\(String(bytes[2], radix: 16)) is not unsigned byte (0x08)")
    }
    let rank = Int(bytes[3])
    guard rank >= 1, rank <= 4, bytes.count >= 4 + 4 * rank else {
      throw fail("byte 3", "\(rank) dimensions, or the header is cut short")
    }
    let dimensions = (0..<rank).map { d in
      (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * d + $1]) }
    }
    let expected = dimensions.reduce(1, *)
    let start = 4 + 4 * rank
    guard bytes.count - start == expected else {
      throw fail(
        "byte \(start)",
        "dimensions \(dimensions) need \(expected) data bytes, the file has \(bytes.count - start) (truncated?)"
      )
    }
    return (dimensions, Array(bytes[start...]))
  }

  /// Reads an images file (`N × H × W`) and a labels file (`N`) into a one-channel dataset.
  public static func dataset(images: URL, labels: URL, name: String, classNames: [String]) throws
    -> ImageDataset
  {
    let image = try read(images)
    let label = try read(labels)
    guard image.dimensions.count == 3 else {
      throw DatasetError(
        path: images.path, location: "byte 3",
        message: "images file has dimensions \(image.dimensions), expected [N, H, W]",
        fix: "pass the images file, not the labels file")
    }
    guard label.dimensions == [image.dimensions[0]] else {
      throw DatasetError(
        path: labels.path, location: "byte 4",
        message: "holds \(label.dimensions) labels for \(image.dimensions[0]) images",
        fix: "pair the images file with its own labels file")
    }
    if let bad = label.data.firstIndex(where: { Int($0) >= classNames.count }) {
      throw DatasetError(
        path: labels.path, location: "label \(bad) (byte \(bad + 8))",
        message: "label \(label.data[bad]) is not in 0..<\(classNames.count)",
        fix: DatasetError.redownload)
    }
    return ImageDataset(
      name: name, imageShape: [1, image.dimensions[1], image.dimensions[2]], pixels: image.data,
      labels: label.data.map(Int.init), classNames: classNames)
  }

  /// The bytes of an IDX file of unsigned bytes (tests and exports).
  public static func encode(dimensions: [Int], data: [UInt8]) -> Data {
    var result = Data([0, 0, 0x08, UInt8(dimensions.count)])
    for d in dimensions {
      result.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: d >> $0) })
    }
    result.append(contentsOf: data)
    return result
  }
}
