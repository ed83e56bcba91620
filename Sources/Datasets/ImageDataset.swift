import Engine
import Foundation
import Results

/// A labelled set of 8-bit images held in memory, `C × H × W` per image, with the class
/// names; the common form every reader produces.
///
/// Pixels stay 8-bit (a quarter of Float32's memory) and become normalised Float32
/// tensors batch by batch (see `BatchIterator`).
public struct ImageDataset: Sendable {
  /// The dataset's display name, including its variant ("CIFAR-10 (JPEG q75)").
  public var name: String
  /// The shape of one image, `[C, H, W]`.
  public var imageShape: [Int]
  /// All images, image after image, each `C × H × W`.
  public var pixels: [UInt8]
  /// One class index per image.
  public var labels: [Int]
  public var classNames: [String]
  /// CIFAR-100's 20 superclass labels, where the format carries them.
  public var coarseLabels: [Int]?

  public init(
    name: String, imageShape: [Int], pixels: [UInt8], labels: [Int], classNames: [String],
    coarseLabels: [Int]? = nil
  ) {
    precondition(
      imageShape.count == 3 && pixels.count == labels.count * imageShape.reduce(1, *),
      "ImageDataset: \(labels.count) labels for \(pixels.count) pixels of shape \(imageShape)")
    self.name = name
    self.imageShape = imageShape
    self.pixels = pixels
    self.labels = labels
    self.classNames = classNames
    self.coarseLabels = coarseLabels
  }

  public var count: Int { labels.count }
  public var classCount: Int { classNames.count }
  /// Scalars per image.
  public var imageSize: Int { imageShape.reduce(1, *) }

  /// The images at `indices`, in that order.
  public func subset(_ indices: [Int]) -> ImageDataset {
    var pixels = [UInt8](repeating: 0, count: indices.count * imageSize)
    let size = imageSize
    self.pixels.withUnsafeBufferPointer { source in
      pixels.withUnsafeMutableBufferPointer { target in
        for (row, index) in indices.enumerated() {
          (target.baseAddress! + row * size).update(
            from: source.baseAddress! + index * size, count: size)
        }
      }
    }
    return ImageDataset(
      name: name, imageShape: imageShape, pixels: pixels, labels: indices.map { labels[$0] },
      classNames: classNames,
      coarseLabels: coarseLabels.map { coarse in indices.map { coarse[$0] } })
  }

  /// A balanced subset: the first `perClass` images of each class after a seeded shuffle
  /// (fewer where a class has fewer), in shuffled order.
  public func limited(perClass: Int, seed: UInt64) -> ImageDataset {
    var taken = [Int](repeating: 0, count: classCount)
    let chosen = shuffledIndices(seed: seed).filter { index in
      let label = labels[index]
      guard taken[label] < perClass else { return false }
      taken[label] += 1
      return true
    }
    return subset(chosen)
  }

  /// Splits off a validation set of `fraction` of each class (seeded), returning
  /// `(train, validation)`.
  public func splittingValidation(fraction: Double, seed: UInt64) -> (
    train: ImageDataset, validation: ImageDataset
  ) {
    let perClass = Dictionary(grouping: 0..<count) { labels[$0] }.mapValues { $0.count }
    var taken = [Int: Int]()
    var train: [Int] = [], validation: [Int] = []
    for index in shuffledIndices(seed: seed) {
      let label = labels[index]
      let quota = Int((Double(perClass[label] ?? 0) * fraction).rounded())
      if taken[label, default: 0] < quota {
        validation.append(index)
        taken[label, default: 0] += 1
      } else {
        train.append(index)
      }
    }
    return (subset(train.sorted()), subset(validation.sorted()))
  }

  /// A seeded permutation of `0..<count` (Fisher–Yates with SplitMix64).
  public func shuffledIndices(seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    var indices = Array(0..<count)
    if count > 1 {
      for i in stride(from: count - 1, to: 0, by: -1) {
        indices.swapAt(i, Int(generator.next() % UInt64(i + 1)))
      }
    }
    return indices
  }

  /// A SHA-256 over the shape, labels and pixels: equal fingerprints mean equal data.
  public var fingerprint: String {
    var data = Data()
    data.append(contentsOf: Array("\(imageShape) \(classNames)".utf8))
    labels.withUnsafeBytes { data.append(contentsOf: $0) }
    data.append(contentsOf: pixels)
    return Checksum.sha256(data)
  }

  /// Per-channel mean and standard deviation of the pixels scaled to [0, 1].
  public func channelStatistics() -> (mean: [Float], std: [Float]) {
    let channels = imageShape[0], plane = imageShape[1] * imageShape[2]
    var sums = [Double](repeating: 0, count: channels), squares = sums
    pixels.withUnsafeBufferPointer { p in
      for image in 0..<count {
        for c in 0..<channels {
          let base = (image * channels + c) * plane
          var s = 0, q = 0
          for j in 0..<plane {
            let v = Int(p[base + j])
            s += v
            q += v * v
          }
          sums[c] += Double(s)
          squares[c] += Double(q)
        }
      }
    }
    let n = Double(count * plane) * 1
    let mean = sums.map { $0 / n / 255 }
    let std = zip(squares, mean).map { (($0 / n / 65025) - $1 * $1).squareRoot() }
    return (mean.map(Float.init), std.map(Float.init))
  }
}
