import Dispatch
import Engine
import Foundation

/// A procedurally generated, seeded 10-class dataset of 32×32 RGB images that needs no
/// download: the default dataset of every ocnna command.
///
/// Each image shows one object on a shaded background: a filled disc, a filled square, a
/// triangle, a plus sign, horizontal stripes, vertical stripes, a checkerboard, a ring, a
/// square frame or diagonal stripes. Position, scale, rotation, stripe period and both
/// colours vary at random, and Gaussian noise and a distracting blob are added, so that
/// networks learn it to a meaningful but imperfect accuracy and pruning trade-offs show.
public enum SyntheticDataset {
  public static let classNames = [
    "disc", "square", "triangle", "plus", "horizontal stripes", "vertical stripes",
    "checkerboard", "ring", "frame", "diagonal stripes",
  ]
  /// Images per split unless asked otherwise.
  public static let defaultCounts = ["train": 10_000, "test": 2_000]

  /// The `split` ("train" or "test") of `count` images; the same seed gives the same bytes.
  public static func make(split: String, count: Int? = nil, seed: UInt64 = 0) -> ImageDataset {
    let count = count ?? defaultCounts[split] ?? 2_000
    let splitSeed = SeededGenerator.derive(seed, split == "train" ? 1 : 2)
    let size = 32, imageSize = 3 * size * size
    var pixels = [UInt8](repeating: 0, count: count * imageSize)
    var labels = [Int](repeating: 0, count: count)
    pixels.withUnsafeMutableBufferPointer { target in
      labels.withUnsafeMutableBufferPointer { labelTarget in
        let base = target.baseAddress!, labelBase = labelTarget.baseAddress!
        Threading.parallelFor(count, minimumPerThread: 64) { range in
          for index in range {
            var generator = SeededGenerator(seed: SeededGenerator.derive(splitSeed, UInt64(index)))
            let label = index % 10
            labelBase[index] = label
            render(label: label, size: size, generator: &generator, into: base + index * imageSize)
          }
        }
      }
    }
    return ImageDataset(
      name: "synthetic", imageShape: [3, size, size], pixels: pixels, labels: labels,
      classNames: classNames)
  }

  /// Draws one image of class `label` as `3 × size × size` bytes.
  static func render(
    label: Int, size: Int, generator g: inout SeededGenerator, into out: UnsafeMutablePointer<UInt8>
  ) {
    func uniform(_ low: Double, _ high: Double) -> Double {
      low + (high - low) * Double(g.nextUniform())
    }
    let background = (0..<3).map { _ in uniform(0, 1) }
    var foreground = (0..<3).map { _ in uniform(0, 1) }
    // Keep the object visible: push its colour away from the background's.
    let distance = zip(background, foreground).map { abs($0 - $1) }.reduce(0, +)
    if distance < 0.6 { foreground = background.map { $0 > 0.5 ? $0 - 0.5 : $0 + 0.5 } }
    let gradient = (uniform(-0.25, 0.25), uniform(-0.25, 0.25))
    let radius = uniform(7, 12)
    let cx = uniform(radius * 0.6, Double(size) - radius * 0.6),
      cy = uniform(radius * 0.6, Double(size) - radius * 0.6)
    let angle = uniform(0, Double.pi / 2)
    let period = uniform(3, 5)
    let jitter = uniform(-0.3, 0.3)
    let blob = (
      x: uniform(0, Double(size)), y: uniform(0, Double(size)), r: uniform(1, 2.5),
      colour: (0..<3).map { _ in uniform(0, 1) }
    )
    let noise = uniform(0.02, 0.12)
    for y in 0..<size {
      for x in 0..<size {
        let px = Double(x) + 0.5, py = Double(y) + 0.5
        let dx = px - cx, dy = py - cy
        let u = dx * cos(angle) + dy * sin(angle), v = -dx * sin(angle) + dy * cos(angle)
        let inside: Bool
        switch label {
        case 0: inside = dx * dx + dy * dy <= radius * radius
        case 1: inside = abs(u) <= radius * 0.85 && abs(v) <= radius * 0.85
        case 2: inside = v >= -radius * 0.5 && v <= radius && abs(u) <= (radius - v) * 0.6
        case 3:
          inside =
            (abs(u) <= radius * 0.3 && abs(v) <= radius)
            || (abs(v) <= radius * 0.3 && abs(u) <= radius)
        case 4:
          inside =
            abs(dx) <= radius && abs(dy) <= radius
            && Int(floor((py + jitter * px) / period)) % 2 == 0
        case 5:
          inside =
            abs(dx) <= radius && abs(dy) <= radius
            && Int(floor((px + jitter * py) / period)) % 2 == 0
        case 6:
          inside =
            abs(dx) <= radius && abs(dy) <= radius
            && (Int(floor(u / period + 100)) + Int(floor(v / period + 100))) % 2 == 0
        case 7:
          let d = (dx * dx + dy * dy).squareRoot()
          inside = d <= radius && d >= radius * 0.6
        case 8:
          inside = max(abs(u), abs(v)) <= radius * 0.85 && max(abs(u), abs(v)) >= radius * 0.55
        default:
          inside =
            abs(dx) <= radius && abs(dy) <= radius
            && Int(floor((px + py) / (period * 1.2) + 100)) % 2 == 0
        }
        let inBlob =
          (px - blob.x) * (px - blob.x) + (py - blob.y) * (py - blob.y) <= blob.r * blob.r
        let shade =
          1 + gradient.0 * (px / Double(size) - 0.5) + gradient.1 * (py / Double(size) - 0.5)
        for c in 0..<3 {
          var value = inBlob ? blob.colour[c] : (inside ? foreground[c] : background[c] * shade)
          value += Double(g.nextNormal()) * noise
          out[c * size * size + y * size + x] = UInt8(max(0, min(255, (value * 255).rounded())))
        }
      }
    }
  }
}
