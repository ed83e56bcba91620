import Datasets
import Dispatch
import Engine
import Foundation
import Models
import Results

/// Progress within training, for a progress bar or log lines.
public struct TrainingProgress: Sendable {
  public var epoch: Int
  public var epochs: Int
  public var batch: Int
  public var batches: Int
  public var loss: Double
  public var accuracy: Double
  public var imagesPerSecond: Double
  /// Seconds left at the current speed.
  public var secondsLeft: Double
}

/// Trains a network epoch by epoch with SGD and the recipe's schedule, evaluating after
/// each epoch and saving a checkpoint at each epoch's end (atomically, so an interrupted
/// run leaves the last complete epoch's checkpoint intact).
public struct Trainer {
  public var recipe: TrainingRecipe
  public var normalization: Normalization
  /// When set, the loss is knowledge distillation from this network (docs/method.md §8).
  public var teacher: Network?
  public var temperature: Float = 4
  public var alpha: Float = 0.9

  public init(
    recipe: TrainingRecipe, normalization: Normalization, teacher: Network? = nil,
    temperature: Float = 4, alpha: Float = 0.9
  ) {
    self.recipe = recipe
    self.normalization = normalization
    self.teacher = teacher
    self.temperature = temperature
    self.alpha = alpha
  }

  /// Trains `network` on `train`; returns the epochs completed (fewer than asked when
  /// `shouldStop` turned true, in which case the partial epoch is discarded).
  ///
  /// With `snapshot`, the state is saved there after every epoch and, when a snapshot of
  /// the same recipe exists at the start, training resumes from it (`TrainingSnapshot`).
  public func train(
    _ network: inout Network, on train: ImageDataset, evaluatingOn test: ImageDataset?,
    checkpoint: URL? = nil, checkpointMetadata: [String: String] = [:], snapshot: URL? = nil,
    progress: (TrainingProgress) -> Void = { _ in }, epochDone: (EpochRecord) -> Void = { _ in },
    shouldStop: () -> Bool = { false }
  ) throws -> [EpochRecord] {
    guard recipe.batchSize > 0, train.count >= recipe.batchSize else {
      throw TrainingError.tooFewImages(images: train.count, batchSize: recipe.batchSize)
    }
    var optimizer = SGD(for: network, settings: recipe.optimizer)
    let stepsPerEpoch = train.count / recipe.batchSize
    let schedule = recipe.learningRateSchedule(stepsPerEpoch: stepsPerEpoch)
    var records: [EpochRecord] = []
    if let snapshot,
      let resumed = TrainingSnapshot.restore(
        into: &network, optimizer: &optimizer, recipe: recipe, from: snapshot)
    {
      records = resumed
    }
    let started = DispatchTime.now().uptimeNanoseconds
    let firstEpoch = records.count
    for epoch in firstEpoch..<recipe.epochs {
      // Training uses batch statistics, so the last, smaller batch is dropped.
      let batches = BatchIterator(
        dataset: train, batchSize: recipe.batchSize, normalization: normalization,
        shuffleSeed: recipe.seed,
        epoch: epoch, augmentation: recipe.augmentation, dropLast: true)
      var candidate = network
      var candidateOptimizer = optimizer
      var lossTotal = 0.0, correct = 0, seen = 0
      let epochStart = DispatchTime.now().uptimeNanoseconds
      for number in 0..<batches.batchCount {
        if shouldStop() { return records }
        let step = epoch * stepsPerEpoch + number
        // A fractional-epoch budget ends inside an epoch; that epoch is recorded as run.
        if step >= recipe.totalSteps(stepsPerEpoch: stepsPerEpoch) { break }
        let batch = batches.batch(number)
        let result = candidate.trainStep(
          input: batch.images, labels: batch.labels, optimizer: &candidateOptimizer,
          learningRate: schedule.rate(atStep: step), labelSmoothing: recipe.labelSmoothing,
          seed: SeededGenerator.derive(recipe.seed, UInt64(step)),
          teacherLogits: teacher?.inference(batch.images), temperature: temperature, alpha: alpha)
        guard result.loss.isFinite else {
          throw TrainingError.diverged(epoch: epoch + 1, batch: number + 1, loss: result.loss)
        }
        lossTotal += Double(result.loss) * Double(batch.labels.count)
        correct += result.correct
        seen += batch.labels.count
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let done = Double((epoch - firstEpoch) * batches.batchCount + number + 1)
        let total = Double(
          recipe.totalSteps(stepsPerEpoch: stepsPerEpoch) - firstEpoch * stepsPerEpoch)
        let speed =
          Double(seen) / max(1e-9, Double(DispatchTime.now().uptimeNanoseconds - epochStart) / 1e9)
        progress(
          TrainingProgress(
            epoch: epoch + 1, epochs: recipe.epochs, batch: number + 1,
            // A fractional budget's last epoch stops at the step limit: show that as its end.
            batches: min(
              batches.batchCount,
              recipe.totalSteps(stepsPerEpoch: stepsPerEpoch) - epoch * stepsPerEpoch),
            loss: lossTotal / Double(seen), accuracy: Double(correct) / Double(seen),
            imagesPerSecond: speed,
            secondsLeft: elapsed / done * (total - done)))
      }
      // A finite loss can still leave weights at ±inf or NaN (a huge learning rate):
      // such an epoch is divergence, and its network is never kept or checkpointed.
      if let bad = candidate.parameters.names.indices.first(where: { index in
        !candidate.parameters.tensors[index].scalars.allSatisfy(\.isFinite)
      }) {
        throw TrainingError.nonFiniteWeights(
          epoch: epoch + 1, parameter: candidate.parameters.names[bad])
      }
      network = candidate
      optimizer = candidateOptimizer
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - epochStart) / 1e9
      let heldOutAccuracy = test.map {
        Evaluation.run(network, on: $0, normalization: normalization).top1
      }
      let record = EpochRecord(
        epoch: epoch + 1, trainLoss: lossTotal / Double(max(1, seen)),
        trainAccuracy: Double(correct) / Double(max(1, seen)),
        heldOutAccuracy: heldOutAccuracy,
        learningRate: schedule.rate(atStep: (epoch + 1) * stepsPerEpoch - 1),
        seconds: seconds, imagesPerSecond: Double(seen) / max(1e-9, seconds))
      records.append(record)
      if let checkpoint {
        var metadata = checkpointMetadata
        metadata["ocnna.epoch"] = String(epoch + 1)
        try Checkpoint.save(network, to: checkpoint, metadata: metadata)
      }
      if let snapshot {
        try TrainingSnapshot.save(
          network, optimizer: optimizer, recipe: recipe, records: records, to: snapshot)
      }
      epochDone(record)
    }
    return records
  }
}

/// Training that cannot go on.
public enum TrainingError: Error, CustomStringConvertible {
  case diverged(epoch: Int, batch: Int, loss: Float)
  case nonFiniteWeights(epoch: Int, parameter: String)
  case tooFewImages(images: Int, batchSize: Int)

  public var description: String {
    switch self {
    case .diverged(let epoch, let batch, let loss):
      "training diverged: loss \(loss) at epoch \(epoch), batch \(batch). Fix: lower the learning rate (--lr) or add warm-up (--warmup-epochs)"
    case .nonFiniteWeights(let epoch, let parameter):
      "training diverged: \(parameter) holds non-finite values after epoch \(epoch); no checkpoint of that epoch was written. Fix: lower the learning rate (--lr) or add warm-up (--warmup-epochs)"
    case .tooFewImages(let images, let batchSize):
      "\(images) training images cannot fill one batch of \(batchSize). Fix: use a smaller --batch or more images (--limit)"
    }
  }
}
