import Engine
import Results

/// One batch: normalised images as an `NCHW` tensor, their labels and their positions in
/// the dataset.
public struct Batch: Sendable {
  public var images: Tensor
  public var labels: [Int]
  public var indices: [Int]
}

/// Deterministic batches over an `ImageDataset`: the order comes from `(seed, epoch)`, each
/// image's augmentation from `(seed, epoch, index)`, so a run repeats exactly.
///
/// ```swift
/// for batch in BatchIterator(dataset: train, batchSize: 128, normalization: .cifar10,
///                            shuffleSeed: 1, epoch: 0, augmentation: .standard) { … }
/// ```
public struct BatchIterator: Sequence, Sendable {
  public let dataset: ImageDataset
  public let batchSize: Int
  public let normalization: Normalization
  /// Shuffles with this seed when set; keeps the dataset's order otherwise.
  public let shuffleSeed: UInt64?
  public let epoch: Int
  public let augmentation: Augmentation
  /// Leaves out a last, smaller batch (for training with batch statistics).
  public let dropLast: Bool
  private let order: [Int]

  public init(
    dataset: ImageDataset, batchSize: Int, normalization: Normalization, shuffleSeed: UInt64? = nil,
    epoch: Int = 0, augmentation: Augmentation = .none, dropLast: Bool = false
  ) {
    precondition(batchSize > 0, "BatchIterator: batch size \(batchSize)")
    precondition(
      normalization.mean.count == dataset.imageShape[0],
      "BatchIterator: normalisation for \(normalization.mean.count) channels, images have \(dataset.imageShape[0])"
    )
    self.dataset = dataset
    self.batchSize = batchSize
    self.normalization = normalization
    self.shuffleSeed = shuffleSeed
    self.epoch = epoch
    self.augmentation = augmentation
    self.dropLast = dropLast
    order =
      shuffleSeed.map { dataset.shuffledIndices(seed: SeededGenerator.derive($0, UInt64(epoch))) }
      ?? Array(0..<dataset.count)
  }

  /// The number of batches per pass.
  public var batchCount: Int {
    dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
  }

  /// The batch at position `number` of this pass.
  public func batch(_ number: Int) -> Batch {
    let start = number * batchSize
    let indices = Array(order[start..<Swift.min(start + batchSize, order.count)])
    let (c, h, w) = (dataset.imageShape[0], dataset.imageShape[1], dataset.imageShape[2])
    let imageSize = c * h * w
    var images = Tensor(zeros: [indices.count, c, h, w])
    let scale = normalization.std.map { 1 / (255 * $0) }
    let shift = zip(normalization.mean, normalization.std).map { -$0 / $1 }
    let augmentationSeed = SeededGenerator.derive(shuffleSeed ?? 0, UInt64(epoch) &+ 0x5EED)
    dataset.pixels.withUnsafeBufferPointer { source in
      images.scalars.withUnsafeMutableBufferPointer { target in
        let sourceBase = source.baseAddress!, targetBase = target.baseAddress!
        Threading.parallelFor(indices.count, minimumPerThread: 16) { range in
          for row in range {
            let index = indices[row]
            var (dy, dx, flip) = (0, 0, false)
            if augmentation.cropPadding > 0 || augmentation.horizontalFlip {
              var g = SeededGenerator(seed: SeededGenerator.derive(augmentationSeed, UInt64(index)))
              let p = augmentation.cropPadding
              if p > 0 {
                dy = Int(g.next() % UInt64(2 * p + 1)) - p
                dx = Int(g.next() % UInt64(2 * p + 1)) - p
              }
              flip = augmentation.horizontalFlip && g.next() % 2 == 1
            }
            let src = sourceBase + index * imageSize
            let dst = targetBase + row * imageSize
            for ch in 0..<c {
              // A padded pixel is black (0) before normalisation, as torchvision pads.
              let a = scale[ch], b = shift[ch]
              for y in 0..<h {
                let sy = y + dy
                for x in 0..<w {
                  let sx0 = (flip ? w - 1 - x : x) + dx
                  let value: Float =
                    (sy >= 0 && sy < h && sx0 >= 0 && sx0 < w)
                    ? Float(src[(ch * h + sy) * w + sx0]) : 0
                  dst[(ch * h + y) * w + x] = value * a + b
                }
              }
            }
          }
        }
      }
    }
    return Batch(images: images, labels: indices.map { dataset.labels[$0] }, indices: indices)
  }

  public func makeIterator() -> AnyIterator<Batch> {
    var next = 0
    return AnyIterator {
      guard next < batchCount else { return nil }
      defer { next += 1 }
      return batch(next)
    }
  }
}
