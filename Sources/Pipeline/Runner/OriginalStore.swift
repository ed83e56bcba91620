import Datasets
import Engine
import Foundation
import Models
import Results

/// Trained original networks, cached outside git by their `OriginalKey` and shared by every
/// method, policy value and seed (and by every night, when CI keeps the cache).
///
/// `<cache>/originals/<key>/model.safetensors` and `record.json` are written only when the
/// original is complete; `training-snapshot.safetensors` holds the state after each epoch
/// meanwhile, so an interrupted training resumes at its last complete epoch.
public struct OriginalStore {
  public var folder: URL

  public init(cacheRoot: URL) {
    folder = cacheRoot.appendingPathComponent("originals", isDirectory: true)
  }

  /// The original of `cell`, from the cache or made now (trained, or loaded from its
  /// checkpoint and fine-tuned when asked).
  public func obtain(
    _ cell: RunCell, data: GridData, checkpointSHA256: String?,
    stage: (String) -> Void = { _ in }, progress: (TrainingProgress) -> Void = { _ in }
  ) throws -> (network: Network, normalization: Normalization, record: OriginalRecord) {
    let key = OriginalKey(
      cell, datasetFingerprint: data.fingerprint, checkpointSHA256: checkpointSHA256)
    let place = folder.appendingPathComponent(key.id, isDirectory: true)
    let model = place.appendingPathComponent("model.safetensors")
    let recordURL = place.appendingPathComponent("record.json")
    // The state after each epoch, so that a killed training resumes (removed when done).
    let snapshot = place.appendingPathComponent("training-snapshot.safetensors")
    if let recordData = try? Data(contentsOf: recordURL),
      var record = try? JSONDecoder().decode(OriginalRecord.self, from: recordData),
      let network = try? Checkpoint.load(from: model)
    {
      record.seconds = 0
      record.weights = network.weightsDigest
      let file = try SafeTensorsFile(contentsOf: model)
      return (
        network, CheckpointMetadata.normalization(in: file.metadata) ?? data.normalization, record
      )
    }
    let started = Date()
    let spec = ModelSpec(
      architecture: cell.architecture, classCount: data.train.classCount,
      inputSize: data.train.imageShape[1], inputChannels: data.train.imageShape[0],
      width: cell.width)
    var network: Network
    var normalization = data.normalization
    var epochs: [EpochRecord] = []
    var source: String
    /// Trains `network` with `recipe` on the grid's data, resuming from the snapshot.
    func train(_ recipe: TrainingRecipe) throws -> [EpochRecord] {
      var fitted = recipe
      fitted.batchSize = min(recipe.batchSize, data.train.count)
      try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
      return try Trainer(recipe: fitted, normalization: normalization).train(
        &network, on: data.train, evaluatingOn: data.test, snapshot: snapshot,
        progress: progress)
    }
    if let recipe = cell.original.train {
      stage("training the original \(cell.architectureLabel) (\(recipe.epochs) epochs)")
      network = try spec.build(seed: recipe.seed)
      epochs = try train(recipe)
      source = "trained"
    } else {
      let path = cell.original.checkpoint ?? ""
      stage("loading the original from \(path)")
      (network, normalization) = try loadCheckpoint(path, spec: spec, data: data, cell: cell)
      source = "checkpoint"
      if let recipe = cell.original.fineTune, recipe.epochs > 0 {
        stage("fine-tuning the original on \(data.train.name) (\(recipe.epochs) epochs)")
        epochs = try train(recipe)
        source = "checkpoint + fine-tuned"
      }
    }
    let record = OriginalRecord(
      key: key.id, source: source, parameters: network.parameterCount, macs: network.macs,
      epochs: epochs, seconds: Date().timeIntervalSince(started), weights: network.weightsDigest)
    try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
    try Checkpoint.save(
      network, to: model,
      metadata: try CheckpointMetadata.make(
        model: spec, dataset: cell.dataset.name, normalization: normalization))
    try JSONFile.write(record, to: recordURL)
    try? FileManager.default.removeItem(at: snapshot)
    return (network, normalization, record)
  }

  /// Loads a checkpoint with ocnna's structure, or by name into the zoo's architecture.
  func loadCheckpoint(_ path: String, spec: ModelSpec, data: GridData, cell: RunCell) throws
    -> (Network, Normalization)
  {
    let url = URL(fileURLWithPath: path)
    let file = try SafeTensorsFile(contentsOf: url)
    var network: Network
    if file.metadata["ocnna.network"] != nil {
      network = try Checkpoint.load(from: url)
    } else {
      network = try spec.build()
      try Checkpoint.loadState(into: &network, from: file)
    }
    guard network.inputShape == data.train.imageShape else {
      throw SpecError(
        path: path,
        message:
          "the network takes \(network.inputShape) inputs but \(data.train.name) images are \(data.train.imageShape); use a checkpoint trained for this dataset"
      )
    }
    return (
      network,
      try NormalizationChoice.resolve(
        cell.original.normalization, metadata: file.metadata, dataset: data.normalization,
        channels: data.train.imageShape[0])
    )
  }
}
