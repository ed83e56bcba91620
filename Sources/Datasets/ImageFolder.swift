import Dispatch
import Engine
import Foundation

/// Reader for image folders laid out as `root/<split>/<class>/*.{jpg,jpeg,png}`, as
/// ImageNet-style sets and `cifar10-jpg.tar.gz` are: the class index is the position of
/// the folder name in sorted order.
public enum ImageFolder {
  /// How images become one fixed size.
  public struct Geometry: Codable, Hashable, Sendable {
    /// Resize so that the shorter side has this length (bilinear), when set.
    public var resizeShorterSide: Int?
    /// Then crop the centre to this square size, when set.
    public var centerCrop: Int?

    public init(resizeShorterSide: Int? = nil, centerCrop: Int? = nil) {
      self.resizeShorterSide = resizeShorterSide
      self.centerCrop = centerCrop
    }

    /// Images used as they are; all must share one size.
    public static let native = Geometry()
    /// The usual ImageNet evaluation geometry: shorter side 256, centre crop 224.
    public static let imageNet = Geometry(resizeShorterSide: 256, centerCrop: 224)
  }

  static let extensions: Set<String> = ["jpg", "jpeg", "png"]

  /// Reads `root/split`. Images are decoded in parallel; gray images become RGB.
  ///
  /// `classes`, when given, is the label order (a dataset's official one); the split's
  /// class folders must then be exactly those names.
  public static func read(
    root: URL, split: String, name: String, geometry: Geometry = .native,
    classes order: [String]? = nil
  ) throws -> ImageDataset {
    let splitURL = root.appendingPathComponent(split)
    let manager = FileManager.default
    var classes: [String]
    do {
      classes = try manager.contentsOfDirectory(atPath: splitURL.path).filter { entry in
        var isDirectory: ObjCBool = false
        return manager.fileExists(
          atPath: splitURL.appendingPathComponent(entry).path, isDirectory: &isDirectory)
          && isDirectory.boolValue
      }.sorted()
    } catch {
      throw DatasetError(
        path: splitURL.path, message: "cannot be listed",
        fix: "pass the folder that holds \(split)/<class>/ image folders")
    }
    guard !classes.isEmpty else {
      throw DatasetError(
        path: splitURL.path, message: "holds no class folders",
        fix: "lay images out as \(split)/<class>/<image>.jpg")
    }
    if let order {
      let missing = order.filter { !classes.contains($0) }
      let extra = Set(classes).subtracting(order).sorted()
      guard missing.isEmpty, extra.isEmpty else {
        throw DatasetError(
          path: splitURL.path,
          message:
            "has class folders that differ from the label list (missing: \(missing.prefix(5).joined(separator: ", ")); unexpected: \(extra.prefix(5).joined(separator: ", ")))",
          fix: "re-import the dataset's archive")
      }
      classes = order
    }
    var files: [(url: URL, label: Int)] = []
    for (label, name) in classes.enumerated() {
      let folder = splitURL.appendingPathComponent(name)
      let images = try manager.contentsOfDirectory(atPath: folder.path)
        .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
      files += images.map { (folder.appendingPathComponent($0), label) }
    }
    guard !files.isEmpty else {
      throw DatasetError(
        path: splitURL.path, message: "holds no .jpg, .jpeg or .png files", fix: "check the folder")
    }
    let decoded = try decodeAll(files.map(\.url), geometry: geometry)
    let shape = [3, decoded[0].height, decoded[0].width]
    var pixels = [UInt8](repeating: 0, count: files.count * shape.reduce(1, *))
    for (index, image) in decoded.enumerated() {
      guard image.width == shape[2], image.height == shape[1] else {
        throw DatasetError(
          path: files[index].url.path,
          message:
            "is \(image.width)×\(image.height) but the first image is \(shape[2])×\(shape[1])",
          fix:
            "give the dataset a geometry (resize and centre crop) so that every image has one size")
      }
      planar(image, into: &pixels, offset: index * shape.reduce(1, *))
    }
    return ImageDataset(
      name: name, imageShape: shape, pixels: pixels, labels: files.map(\.label), classNames: classes
    )
  }

  /// Decodes every file on all threads, keeping their order; the first failure is thrown.
  static func decodeAll(_ urls: [URL], geometry: Geometry) throws -> [DecodedImage] {
    var results = [Result<DecodedImage, Error>?](repeating: nil, count: urls.count)
    let threads = max(1, Threading.threadCount)
    results.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      DispatchQueue.concurrentPerform(iterations: threads) { t in
        for index in stride(from: t, to: urls.count, by: threads) {
          base[index] = Result {
            let data: Data
            do {
              data = try Data(contentsOf: urls[index])
            } catch {
              throw DatasetError(
                path: urls[index].path, message: "cannot be read",
                fix: "check the file's permissions")
            }
            return try apply(geometry, to: rgb(Codecs.decodeImage(data, path: urls[index].path)))
          }
        }
      }
    }
    return try results.map { try $0!.get() }
  }

  /// Replicates a gray image's channel into RGB.
  static func rgb(_ image: DecodedImage) -> DecodedImage {
    guard image.channels == 1 else { return image }
    return DecodedImage(
      width: image.width, height: image.height, channels: 3,
      pixels: image.pixels.flatMap { [$0, $0, $0] })
  }

  /// Resizes (bilinear, shorter side) and centre-crops as `geometry` says.
  public static func apply(_ geometry: Geometry, to image: DecodedImage) -> DecodedImage {
    var result = image
    if let shorter = geometry.resizeShorterSide, min(image.width, image.height) != shorter {
      let scale = Double(shorter) / Double(min(image.width, image.height))
      result = resize(
        image, width: max(1, Int((Double(image.width) * scale).rounded())),
        height: max(1, Int((Double(image.height) * scale).rounded())))
    }
    if let crop = geometry.centerCrop, result.width >= crop, result.height >= crop,
      result.width != crop || result.height != crop
    {
      let left = (result.width - crop) / 2, top = (result.height - crop) / 2
      var pixels = [UInt8](repeating: 0, count: crop * crop * result.channels)
      for y in 0..<crop {
        for x in 0..<crop {
          for c in 0..<result.channels {
            pixels[(y * crop + x) * result.channels + c] =
              result.pixels[((top + y) * result.width + left + x) * result.channels + c]
          }
        }
      }
      result = DecodedImage(width: crop, height: crop, channels: result.channels, pixels: pixels)
    }
    return result
  }

  /// Bilinear resize with half-pixel centres.
  static func resize(_ image: DecodedImage, width: Int, height: Int) -> DecodedImage {
    let sx = Double(image.width) / Double(width), sy = Double(image.height) / Double(height)
    var pixels = [UInt8](repeating: 0, count: width * height * image.channels)
    for y in 0..<height {
      let fy = max(0, min(Double(image.height - 1), (Double(y) + 0.5) * sy - 0.5))
      let y0 = Int(fy), y1 = min(y0 + 1, image.height - 1), wy = fy - Double(y0)
      for x in 0..<width {
        let fx = max(0, min(Double(image.width - 1), (Double(x) + 0.5) * sx - 0.5))
        let x0 = Int(fx), x1 = min(x0 + 1, image.width - 1), wx = fx - Double(x0)
        for c in 0..<image.channels {
          func at(_ yy: Int, _ xx: Int) -> Double {
            Double(image.pixels[(yy * image.width + xx) * image.channels + c])
          }
          let top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx
          let bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx
          pixels[(y * width + x) * image.channels + c] = UInt8(
            max(0, min(255, (top * (1 - wy) + bottom * wy).rounded())))
        }
      }
    }
    return DecodedImage(width: width, height: height, channels: image.channels, pixels: pixels)
  }

  /// Writes interleaved pixels as planes (`C × H × W`) at `offset`.
  static func planar(_ image: DecodedImage, into pixels: inout [UInt8], offset: Int) {
    let plane = image.width * image.height
    for i in 0..<plane {
      for c in 0..<image.channels {
        pixels[offset + c * plane + i] = image.pixels[i * image.channels + c]
      }
    }
  }
}
