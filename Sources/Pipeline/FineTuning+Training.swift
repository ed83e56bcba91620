import Datasets
import Engine
import Results

/// What a fine-tuning setting trains on, and the trainer that carries it out.
extension FineTuning {
  /// The images fine-tuning trains on.
  public func images(from train: ImageDataset) -> ImageDataset {
    imagesPerClass.map { train.limited(perClass: $0, seed: 0) } ?? train
  }

  /// A trainer for the pruned network over `images` training images, with `original` as
  /// the teacher under `kd`.
  public func trainer(original: Network, normalization: Normalization, images: Int) -> Trainer {
    Trainer(
      recipe: recipe(forImages: images), normalization: normalization,
      teacher: mode == .kd ? original : nil, temperature: temperature, alpha: alpha)
  }
}
