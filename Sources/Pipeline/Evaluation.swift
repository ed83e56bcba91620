import Datasets
import Engine

/// Accuracy of a network on a labelled dataset: top-1, top-5 and per class.
public struct Evaluation: Codable, Hashable, Sendable {
  public struct ClassAccuracy: Codable, Hashable, Sendable {
    public var name: String
    public var correct: Int
    public var count: Int
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
  }

  public var count: Int
  public var top1Correct: Int
  public var top5Correct: Int
  /// Mean cross-entropy.
  public var loss: Double
  public var perClass: [ClassAccuracy]
  /// Whether each image (in the dataset's order) was right at top-1: what paired tests
  /// over the shared test images read. Not part of the encoded evaluation.
  public var imageCorrect: [Bool] = []

  enum CodingKeys: String, CodingKey { case count, top1Correct, top5Correct, loss, perClass }

  public var top1: Double { count == 0 ? 0 : Double(top1Correct) / Double(count) }
  public var top5: Double { count == 0 ? 0 : Double(top5Correct) / Double(count) }

  /// Evaluates `network` in eval mode over `dataset`, batch by batch.
  public static func run(
    _ network: Network, on dataset: ImageDataset, normalization: Normalization,
    batchSize: Int = 256,
    progress: (Int, Int) -> Void = { _, _ in }
  ) -> Evaluation {
    var top1 = 0, top5 = 0, lossTotal = 0.0
    var perClass = dataset.classNames.map { ClassAccuracy(name: $0, correct: 0, count: 0) }
    var imageCorrect: [Bool] = []
    imageCorrect.reserveCapacity(dataset.count)
    let batches = BatchIterator(
      dataset: dataset, batchSize: batchSize, normalization: normalization)
    for (number, batch) in batches.enumerated() {
      let logits = network.inference(batch.images)
      let classes = logits.shape[1]
      top1 += Accuracy.correctCount(logits: logits, labels: batch.labels)
      top5 += Accuracy.correctCount(logits: logits, labels: batch.labels, k: min(5, classes))
      lossTotal +=
        Double(CrossEntropy.lossAndGradient(logits: logits, labels: batch.labels).loss)
        * Double(batch.labels.count)
      for (row, label) in batch.labels.enumerated() {
        let scores = logits.scalars[(row * classes)..<((row + 1) * classes)]
        perClass[label].count += 1
        let isCorrect = Accuracy.isCorrect(scores, label: label)
        if isCorrect { perClass[label].correct += 1 }
        imageCorrect.append(isCorrect)
      }
      progress(number + 1, batches.batchCount)
    }
    return Evaluation(
      count: dataset.count, top1Correct: top1, top5Correct: top5,
      loss: lossTotal / Double(max(1, dataset.count)), perClass: perClass,
      imageCorrect: imageCorrect)
  }
}
