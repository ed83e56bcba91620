import Engine
import TestSupport
import Testing

/// End-to-end learning: a small CNN fits a generated, learnable problem.
struct TrainingTests {
  /// 8×8 single-channel images of 4 classes: a bright 3×3 blob in one quadrant (the class)
  /// at a random position within it, over Gaussian noise.
  static func blobs(count: Int, seed: UInt64) -> (images: Tensor, labels: [Int]) {
    var generator = SeededGenerator(seed: seed)
    var images = Tensor(normal: [count, 1, 8, 8], standardDeviation: 0.3, seed: seed)
    var labels: [Int] = []
    for i in 0..<count {
      let label = Int(generator.next() % 4)
      labels.append(label)
      let top = (label / 2) * 4 + Int(generator.next() % 2),
        left = (label % 2) * 4 + Int(generator.next() % 2)
      for y in top..<(top + 3) {
        for x in left..<(left + 3) { images.scalars[i * 64 + y * 8 + x] += 1.5 }
      }
    }
    return (images, labels)
  }

  /// conv–BN–ReLU–pool twice, then a linear classifier.
  static func smallCNN(seed: UInt64) throws -> Network {
    try Network(
      inputShape: [1, 8, 8],
      nodes: [
        Node(
          "conv1", .conv(.init(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1)),
          inputs: ["input"]),
        Node("bn1", .batchNorm(.init(channels: 8)), inputs: ["conv1"]),
        Node("relu1", .relu, inputs: ["bn1"]),
        Node("pool1", .maxPool(.init(kernelSize: 2)), inputs: ["relu1"]),
        Node(
          "conv2", .conv(.init(inputChannels: 8, outputChannels: 16, kernelSize: 3, padding: 1)),
          inputs: ["pool1"]),
        Node("bn2", .batchNorm(.init(channels: 16)), inputs: ["conv2"]),
        Node("relu2", .relu, inputs: ["bn2"]),
        Node("pool2", .maxPool(.init(kernelSize: 2)), inputs: ["relu2"]),
        Node("flatten", .flatten, inputs: ["pool2"]),
        Node("fc", .linear(.init(inputFeatures: 64, outputFeatures: 4)), inputs: ["flatten"]),
      ], seed: seed)
  }

  @Test func smallCNNFitsALearnableProblem() throws {
    var network = try Self.smallCNN(seed: 1)
    let data = Self.blobs(count: 512, seed: 2)
    var optimizer = SGD(for: network, settings: .init(momentum: 0.9, weightDecay: 1e-4))
    let batch = 64
    let schedule = LearningRateSchedule(
      baseRate: 0.05, shape: .cosine(minimum: 0.001), totalSteps: 8 * 8, warmupSteps: 4)
    var step = 0
    for _ in 0..<8 {
      for first in stride(from: 0, to: 512, by: batch) {
        let images = Tensor(
          shape: [batch, 1, 8, 8],
          scalars: Array(data.images.scalars[(first * 64)..<((first + batch) * 64)]))
        let labels = Array(data.labels[first..<(first + batch)])
        network.trainStep(
          input: images, labels: labels, optimizer: &optimizer,
          learningRate: schedule.rate(atStep: step), seed: UInt64(step))
        step += 1
      }
    }
    let trainAccuracy =
      Double(Accuracy.correctCount(logits: network.inference(data.images), labels: data.labels))
      / 512
    #expect(trainAccuracy > 0.95)
    let heldOut = Self.blobs(count: 256, seed: 3)
    let heldOutAccuracy =
      Double(
        Accuracy.correctCount(logits: network.inference(heldOut.images), labels: heldOut.labels))
      / 256
    #expect(heldOutAccuracy > 0.9)
  }
}
