import Datasets
import Engine
import Foundation
import Models
import Pipeline
import Results
import TestSupport
import Testing

struct TrainerTests {
  static let recipe = TrainingRecipe(
    epochs: 3, batchSize: 50, learningRate: 0.05, schedule: .cosine, augmentation: .none, seed: 1)

  @Test func trainsSavesEachEpochAndStopsCleanly() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let train = SyntheticDataset.make(split: "train", count: 200, seed: 1)
    let test = SyntheticDataset.make(split: "test", count: 100, seed: 1)
    var network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 1)
    let checkpoint = directory.file("model.safetensors")
    var saved: [Network] = []
    var batchesSeen = 0
    let trainer = Trainer(recipe: Self.recipe, normalization: .centred(channels: 3))
    // Stop in the middle of the second epoch, as Ctrl-C would.
    let records = try trainer.train(
      &network, on: train, evaluatingOn: test, checkpoint: checkpoint,
      epochDone: { _ in saved.append(try! Checkpoint.load(from: checkpoint)) },
      shouldStop: {
        batchesSeen += 1
        return batchesSeen > 6
      })
    #expect(records.count == 1)
    #expect(records[0].heldOutAccuracy != nil)
    // The in-memory network and the checkpoint are both the end of epoch 1.
    let onDisk = try Checkpoint.load(from: checkpoint)
    #expect(onDisk.parameters == network.parameters)
    #expect(onDisk.parameters == saved[0].parameters)
  }

  @Test func theSameSeedGivesTheSameNetwork() throws {
    let train = SyntheticDataset.make(split: "train", count: 100, seed: 1)
    var recipe = Self.recipe
    recipe.epochs = 1
    recipe.augmentation = .standard
    func run() throws -> Network {
      var network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 2)
      _ = try Trainer(recipe: recipe, normalization: .centred(channels: 3)).train(
        &network, on: train, evaluatingOn: nil)
      return network
    }
    #expect(try run().parameters == run().parameters)
  }

  @Test func divergenceIsAnErrorThatSaysWhatToChange() throws {
    let train = SyntheticDataset.make(split: "train", count: 100, seed: 1)
    var recipe = Self.recipe
    recipe.learningRate = 1e30
    recipe.weightDecay = 0
    var network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 2)
    let before = network.parameters
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let checkpoint = directory.file("model.safetensors")
    do {
      _ = try Trainer(recipe: recipe, normalization: .centred(channels: 3)).train(
        &network, on: train, evaluatingOn: nil, checkpoint: checkpoint)
      Issue.record("no error")
    } catch let error as TrainingError {
      #expect("\(error)".contains("--lr"))
    }
    // Nothing of the diverged epoch is kept: no checkpoint, the network as it was.
    #expect(!FileManager.default.fileExists(atPath: checkpoint.path))
    #expect(network.parameters == before)
  }

  @Test func evaluationCountsTopOneTopFiveAndClasses() throws {
    let test = SyntheticDataset.make(split: "test", count: 100, seed: 1)
    let network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 3)
    let result = Evaluation.run(
      network, on: test, normalization: .centred(channels: 3), batchSize: 32)
    #expect(result.count == 100)
    #expect(result.perClass.map(\.count) == [Int](repeating: 10, count: 10))
    #expect(result.perClass.reduce(0) { $0 + $1.correct } == result.top1Correct)
    #expect(result.top5Correct >= result.top1Correct)
    #expect(result.loss.isFinite)
  }
}

struct TrainerInputTests {
  @Test func tooFewImagesForOneBatchIsAnError() throws {
    var network = try ModelSpec(architecture: "resnet20", width: 0.5).build(seed: 1)
    let tiny = SyntheticDataset.make(split: "train", count: 10, seed: 1)
    #expect(throws: TrainingError.self) {
      _ = try Trainer(recipe: TrainerTests.recipe, normalization: .centred(channels: 3)).train(
        &network, on: tiny, evaluatingOn: nil)
    }
  }
}
