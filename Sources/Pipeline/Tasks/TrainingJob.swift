import Datasets
import Dispatch
import Engine
import Foundation
import Models
import Results

/// `ocnna train`: trains a zoo model from scratch and writes `model.safetensors` (after
/// every complete epoch) and `summary.json` into a folder.
public struct TrainingJob {
  public var architecture: String
  public var width: Double
  public var data: DatasetSource
  /// The recipe; its batch size is capped at the training set's size.
  public var recipe: TrainingRecipe
  /// The share of each training class held out and scored after every epoch (0: the
  /// test split is scored instead).
  public var validationFraction: Double
  public var folder: URL

  public init(
    architecture: String, width: Double, data: DatasetSource, recipe: TrainingRecipe,
    validationFraction: Double, folder: URL
  ) {
    self.architecture = architecture
    self.width = width
    self.data = data
    self.recipe = recipe
    self.validationFraction = validationFraction
    self.folder = folder
  }

  /// The data read and the network built, ready to train.
  public struct Prepared {
    let job: TrainingJob
    let spec: ModelSpec
    var network: Network
    let train: ImageDataset
    let monitor: ImageDataset
    let test: ImageDataset
    let normalization: Normalization
    let recipe: TrainingRecipe

    /// "vgg16 ×1.0, 10 classes, 32 px" as the model describes itself.
    public var modelDescription: String { spec.description }
    public var datasetName: String { train.name }
    public var trainImages: Int { train.count }
    /// Held-out images (0 when the test split is scored after each epoch).
    public var validationImages: Int { job.validationFraction > 0 ? monitor.count : 0 }
    public var testImages: Int { test.count }
    public var parameterCount: Int { network.parameterCount }
    public var macs: Int { network.macs }
    public var checkpoint: URL { job.folder.appendingPathComponent("model.safetensors") }
    public var summaryFile: URL { job.folder.appendingPathComponent("summary.json") }
  }

  /// Reads the splits and builds the network from `recipe.seed`.
  public func prepare() throws -> Prepared {
    var train = try data.load(split: "train", seed: recipe.seed)
    let test = try data.load(split: "test", seed: recipe.seed)
    var monitor = test
    if validationFraction > 0 {
      (train, monitor) = train.splittingValidation(fraction: validationFraction, seed: recipe.seed)
    }
    // An image folder has no catalogue statistics; ImageNet's are the usual choice there.
    let normalization =
      data.name == DatasetName.folder.slug
      ? Normalization.imageNet : try data.catalogueNormalization()
    let spec = ModelSpec(
      architecture: architecture, classCount: train.classCount, inputSize: train.imageShape[1],
      inputChannels: train.imageShape[0], width: width)
    var recipe = recipe
    recipe.batchSize = min(recipe.batchSize, train.count)
    return Prepared(
      job: self, spec: spec, network: try spec.build(seed: recipe.seed), train: train,
      monitor: monitor, test: test, normalization: normalization, recipe: recipe)
  }
}

extension TrainingJob.Prepared {
  /// Trains, checkpointing every epoch, evaluates on the test split and writes the summary.
  ///
  /// When `shouldStop` turns true the partial epoch is dropped, the last complete epoch's
  /// checkpoint stays, and the summary says `interrupted`.
  public mutating func run(
    progress: (TrainingProgress) -> Void, epochDone: (EpochRecord) -> Void,
    shouldStop: () -> Bool
  ) throws -> TrainingSummary {
    try FileManager.default.createDirectory(at: job.folder, withIntermediateDirectories: true)
    let started = DispatchTime.now().uptimeNanoseconds
    let records = try Trainer(recipe: recipe, normalization: normalization).train(
      &network, on: train, evaluatingOn: monitor, checkpoint: checkpoint,
      checkpointMetadata: try CheckpointMetadata.make(
        model: spec, dataset: job.data.reference, normalization: normalization),
      progress: progress, epochDone: epochDone, shouldStop: shouldStop)
    let evaluation =
      records.isEmpty ? nil : Evaluation.run(network, on: test, normalization: normalization)
    let summary = TrainingSummary(
      model: spec, parameterCount: network.parameterCount, macs: network.macs,
      dataset: job.data.reference, datasetName: train.name, datasetFingerprint: train.fingerprint,
      trainImages: train.count, validationImages: validationImages, testImages: test.count,
      normalization: normalization, recipe: recipe, epochs: records,
      interrupted: records.count < recipe.epochs, test: evaluation,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
      checkpoint: checkpoint.path, environment: .current)
    try JSONFile.write(summary, to: summaryFile)
    return summary
  }
}
