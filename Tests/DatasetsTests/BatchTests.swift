import Datasets
import Engine
import Results
import Testing

struct BatchTests {
  @Test func syntheticDataIsSeededAndBalanced() {
    let a = SyntheticDataset.make(split: "train", count: 200, seed: 1)
    let b = SyntheticDataset.make(split: "train", count: 200, seed: 1)
    let c = SyntheticDataset.make(split: "train", count: 200, seed: 2)
    let test = SyntheticDataset.make(split: "test", count: 200, seed: 1)
    #expect(a.pixels == b.pixels)
    #expect(a.pixels != c.pixels)
    #expect(a.pixels != test.pixels)
    #expect((0..<10).allSatisfy { label in a.labels.filter { $0 == label }.count == 20 })
    #expect(a.imageShape == [3, 32, 32])
    // The images vary: no two of the first ten are equal, and the pixels span the range.
    #expect(Set((0..<10).map { Array(a.pixels[($0 * 3072)..<(($0 + 1) * 3072)]) }).count == 10)
    #expect(a.pixels.min()! < 20 && a.pixels.max()! > 235)
  }

  @Test func batchesAreDeterministicAndCoverEveryImageOnce() {
    let data = SyntheticDataset.make(split: "train", count: 100, seed: 1)
    let normalization = Normalization.centred(channels: 3)
    let first = BatchIterator(
      dataset: data, batchSize: 32, normalization: normalization, shuffleSeed: 5, epoch: 0)
    let again = BatchIterator(
      dataset: data, batchSize: 32, normalization: normalization, shuffleSeed: 5, epoch: 0)
    let next = BatchIterator(
      dataset: data, batchSize: 32, normalization: normalization, shuffleSeed: 5, epoch: 1)
    #expect(first.batchCount == 4)
    let indices = first.flatMap(\.indices)
    #expect(indices.sorted() == Array(0..<100))
    #expect(indices == again.flatMap(\.indices))
    #expect(indices != next.flatMap(\.indices))
    #expect(
      BatchIterator(dataset: data, batchSize: 32, normalization: normalization, dropLast: true)
        .batchCount == 3)
  }

  @Test func normalisationAndAugmentation() {
    let pixels: [UInt8] = [0, 255, 51, 102]  // one 1×2×2 image
    let data = ImageDataset(
      name: "t", imageShape: [1, 2, 2], pixels: pixels, labels: [0], classNames: ["a"])
    let normalization = Normalization(mean: [0.2], std: [0.5])
    let plain = BatchIterator(dataset: data, batchSize: 1, normalization: normalization).batch(0)
      .images
    #expect(
      plain.scalars.enumerated().allSatisfy {
        abs($1 - (Float(pixels[$0]) / 255 - 0.2) / 0.5) < 1e-6
      })
    // With flips and crops, every pixel comes from the image or the black padding.
    let allowed = Set(pixels.map { (Float($0) / 255 - 0.2) / 0.5 } + [(-0.2) / 0.5])
    var sawFlip = false
    for epoch in 0..<20 {
      let augmented = BatchIterator(
        dataset: data, batchSize: 1, normalization: normalization, shuffleSeed: 1, epoch: epoch,
        augmentation: Augmentation(cropPadding: 1, horizontalFlip: true)
      ).batch(0).images
      #expect(augmented.scalars.allSatisfy { value in allowed.contains { abs($0 - value) < 1e-6 } })
      if augmented.scalars[0] == plain.scalars[1] && augmented.scalars[1] == plain.scalars[0] {
        sawFlip = true
      }
    }
    #expect(sawFlip)
  }

  @Test func limitAndValidationSplitAreBalanced() {
    let data = SyntheticDataset.make(split: "train", count: 500, seed: 1)
    let limited = data.limited(perClass: 7, seed: 3)
    #expect(limited.count == 70)
    #expect((0..<10).allSatisfy { label in limited.labels.filter { $0 == label }.count == 7 })
    let (train, validation) = data.splittingValidation(fraction: 0.2, seed: 4)
    #expect(validation.count == 100 && train.count == 400)
    #expect((0..<10).allSatisfy { label in validation.labels.filter { $0 == label }.count == 10 })
    #expect(train.fingerprint != validation.fingerprint)
    #expect(
      data.fingerprint == SyntheticDataset.make(split: "train", count: 500, seed: 1).fingerprint)
  }
}
