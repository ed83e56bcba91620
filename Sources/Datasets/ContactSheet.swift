/// A grid of example images per class, as one RGB image: a quick look at a dataset.
public enum ContactSheet {
  /// `perClass` images of each class in rows (class by class), scaled up `zoom` times.
  public static func make(_ dataset: ImageDataset, perClass: Int = 8, zoom: Int = 2) -> DecodedImage
  {
    let (c, h, w) = (dataset.imageShape[0], dataset.imageShape[1], dataset.imageShape[2])
    let classes = dataset.classCount
    let cellW = w * zoom + 2, cellH = h * zoom + 2
    let width = perClass * cellW, height = classes * cellH
    var pixels = [UInt8](repeating: 255, count: width * height * 3)
    var placed = [Int](repeating: 0, count: classes)
    for index in 0..<dataset.count {
      let label = dataset.labels[index]
      guard placed[label] < perClass else { continue }
      let left = placed[label] * cellW + 1, top = label * cellH + 1
      placed[label] += 1
      for y in 0..<(h * zoom) {
        for x in 0..<(w * zoom) {
          for channel in 0..<3 {
            let source = dataset.pixels[
              index * c * h * w + min(channel, c - 1) * h * w + (y / zoom) * w + x / zoom]
            pixels[((top + y) * width + left + x) * 3 + channel] = source
          }
        }
      }
    }
    return DecodedImage(width: width, height: height, channels: 3, pixels: pixels)
  }
}
