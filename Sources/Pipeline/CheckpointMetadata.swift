import Datasets
import Foundation
import Models

/// The metadata keys ocnna writes into checkpoints besides the structure, so that a
/// checkpoint knows its architecture, its dataset and its input normalisation.
public enum CheckpointMetadata {
  public static let model = "ocnna.model"
  public static let dataset = "ocnna.dataset"
  public static let normalization = "ocnna.normalization"

  /// The metadata for a network trained as `model` on `dataset`.
  public static func make(model: ModelSpec, dataset: String, normalization: Normalization) throws
    -> [String: String]
  {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return [
      Self.model: String(decoding: try encoder.encode(model), as: UTF8.self),
      Self.dataset: dataset,
      Self.normalization: String(decoding: try encoder.encode(normalization), as: UTF8.self),
    ]
  }

  /// The normalisation stored in a checkpoint's metadata, if any.
  public static func normalization(in metadata: [String: String]) -> Normalization? {
    metadata[normalization].flatMap {
      try? JSONDecoder().decode(Normalization.self, from: Data($0.utf8))
    }
  }
}
