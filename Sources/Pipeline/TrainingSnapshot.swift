import Engine
import Foundation
import Results

/// A training run's state at the end of an epoch — parameters, BatchNorm statistics,
/// momentum buffers and the epochs so far — so that a run killed hours into training
/// resumes at its last complete epoch instead of starting again. Batches depend only on
/// (seed, epoch), so a resumed run follows the same path as an uninterrupted one.
///
/// Stored as safetensors: the network's tensors under their own names, the momentum
/// buffers as `optimizer.velocity.<parameter>`, and the recipe and records in the metadata.
public enum TrainingSnapshot {
  static let epochKey = "ocnna.snapshot.epochs"
  static let recipeKey = "ocnna.snapshot.recipe"
  static let velocityPrefix = "optimizer.velocity."

  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// Writes the state after `records.count` epochs of `recipe`, atomically.
  public static func save(
    _ network: Network, optimizer: SGD, recipe: TrainingRecipe, records: [EpochRecord],
    to url: URL
  ) throws {
    let tensors =
      zip(network.parameters.names, network.parameters.tensors).map { ($0, $1) }
      + zip(network.buffers.names, network.buffers.tensors).map { ($0, $1) }
      + zip(network.parameters.names, optimizer.velocities).map { (velocityPrefix + $0, $1) }
    try SafeTensorsFile.write(
      tensors, metadata: [epochKey: try encode(records), recipeKey: try encode(recipe)], to: url)
  }

  /// Restores the state saved at `url` into `network` and `optimizer` when it was made by
  /// the same recipe for the same network; returns the completed epochs' records, or nil
  /// when there is no usable snapshot (missing, another recipe, another shape).
  public static func restore(
    into network: inout Network, optimizer: inout SGD, recipe: TrainingRecipe, from url: URL
  ) -> [EpochRecord]? {
    guard FileManager.default.fileExists(atPath: url.path),
      let file = try? SafeTensorsFile(contentsOf: url),
      file.metadata[recipeKey] == (try? encode(recipe)),
      let recordsText = file.metadata[epochKey],
      let records = try? JSONDecoder().decode([EpochRecord].self, from: Data(recordsText.utf8))
    else { return nil }
    var candidate = network
    do {
      for (index, name) in candidate.parameters.names.enumerated() {
        let tensor = try file.tensor(name)
        guard tensor.shape == candidate.parameters.tensors[index].shape else { return nil }
        candidate.parameters.tensors[index] = tensor
      }
      for (index, name) in candidate.buffers.names.enumerated() {
        let tensor = try file.tensor(name)
        guard tensor.shape == candidate.buffers.tensors[index].shape else { return nil }
        candidate.buffers.tensors[index] = tensor
      }
      let velocities = try candidate.parameters.names.map {
        try file.tensor(velocityPrefix + $0)
      }
      guard velocities.map(\.shape) == candidate.parameters.tensors.map(\.shape) else {
        return nil
      }
      optimizer.restore(velocities: velocities)
    } catch {
      return nil
    }
    network = candidate
    return records
  }
}
