import Datasets
import Engine

/// How an original network's inputs are normalised, as a grid's `original.normalization`
/// and the `--normalization` option name it: `checkpoint` (its own, recorded in its
/// metadata; the default), `dataset` (the dataset's statistics), `imagenet`, or explicit
/// per-channel values `MEAN,…/STD,…`.
public enum NormalizationChoice {
  /// Why `text` names no normalisation, or nil when it does.
  public static func problem(with text: String) -> String? {
    if ["checkpoint", "dataset", "imagenet"].contains(text) { return nil }
    return explicit(text) == nil
      ? "must be checkpoint, dataset, imagenet or MEAN,…/STD,… with one value per channel (for example 0.5,0.5,0.5/0.25,0.25,0.25)"
      : nil
  }

  /// The normalisation `text` names, for a checkpoint with `metadata` and the images of
  /// `data` (`dataset` falls back to it, and so does a checkpoint that records none).
  public static func resolve(
    _ text: String?, metadata: [String: String], dataset: Normalization, channels: Int
  ) throws -> Normalization {
    switch text ?? "checkpoint" {
    case "checkpoint": return CheckpointMetadata.normalization(in: metadata) ?? dataset
    case "dataset": return dataset
    case "imagenet": return .imageNet
    case let other:
      guard let values = explicit(other), values.mean.count == channels else {
        throw DatasetError(
          path: "normalization '\(other)'",
          message: problem(with: other)
            ?? "gives \(explicit(other)?.mean.count ?? 0) values per list for images of \(channels) channels",
          fix: "give one mean and one positive standard deviation per channel")
      }
      return values
    }
  }

  /// `MEAN,…/STD,…` with as many means as positive standard deviations.
  static func explicit(_ text: String) -> Normalization? {
    let parts = text.split(separator: "/").map { $0.split(separator: ",").map { Float($0) } }
    guard parts.count == 2, !parts[0].isEmpty, parts[0].count == parts[1].count,
      parts.allSatisfy({ $0.allSatisfy { $0 != nil } })
    else { return nil }
    let mean = parts[0].map { $0! }, std = parts[1].map { $0! }
    guard std.allSatisfy({ $0 > 0 }) else { return nil }
    return Normalization(mean: mean, std: std)
  }
}
