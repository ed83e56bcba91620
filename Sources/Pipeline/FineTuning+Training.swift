import Datasets
import Engine
import Results

/// What a fine-tuning setting trains on, and the trainer that carries it out.
extension FineTuning {
  /// The images fine-tuning trains on.
  public func images(from train: ImageDataset) -> ImageDataset {
    imagesPerClass.map { train.limited(perClass: $0, seed: 0) } ?? train
  }

  /// A trainer for the pruned network, with `original` as the teacher under `kd`.
  public func trainer(original: Network, normalization: Normalization) -> Trainer {
    Trainer(
      recipe: recipe, normalization: normalization, teacher: mode == .kd ? original : nil,
      temperature: temperature, alpha: alpha)
  }
}
