import Datasets
import Engine
import Foundation
import Models
import Pipeline
import Results
import TestSupport
import Testing

/// A training stopped after an epoch and resumed from its snapshot ends where an
/// uninterrupted one does.
struct TrainingSnapshotTests {
  @Test func aResumedTrainingEqualsAnUninterruptedOne() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let train = SyntheticDataset.make(split: "train", count: 200, seed: 1)
    let recipe = TrainingRecipe(
      epochs: 3, batchSize: 50, learningRate: 0.05, schedule: .cosine, seed: 3)
    let trainer = Trainer(recipe: recipe, normalization: .centred(channels: 3))
    let start = try ModelSpec(architecture: "vgg16", width: 0.0625).build(seed: 4)

    var straight = start
    let straightRecords = try trainer.train(&straight, on: train, evaluatingOn: nil)

    let snapshot = directory.file("snapshot.safetensors")
    var interrupted = start
    var batches = 0
    // Stop early in the second epoch; the snapshot holds the end of epoch 1.
    let first = try trainer.train(
      &interrupted, on: train, evaluatingOn: nil, snapshot: snapshot,
      shouldStop: {
        batches += 1
        return batches > 5
      })
    #expect(first.count == 1)
    var resumed = start  // a fresh process starts from the untrained network again
    let records = try trainer.train(&resumed, on: train, evaluatingOn: nil, snapshot: snapshot)
    #expect(records.count == 3)
    #expect(resumed.parameters == straight.parameters)
    #expect(resumed.buffers == straight.buffers)
    #expect(records.map(\.trainLoss) == straightRecords.map(\.trainLoss))

    // A snapshot of another recipe is not used.
    var other = recipe
    other.learningRate = 0.01
    var fresh = start
    var optimizer = SGD(for: fresh, settings: other.optimizer)
    #expect(
      TrainingSnapshot.restore(into: &fresh, optimizer: &optimizer, recipe: other, from: snapshot)
        == nil)
  }
}
