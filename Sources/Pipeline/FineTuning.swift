import Datasets
import Engine

/// How a pruned network recovers (OCNNA.md item 8): knowledge distillation from the
/// original (`kd`, T = 4, α = 0.9 by default), plain cross-entropy (`ce`), or `none`. The
/// optimiser and schedule are the same for every method, and recorded in each result.
public struct FineTuning: Codable, Hashable, Sendable {
  public enum Mode: String, Codable, Sendable, CaseIterable { case kd, ce, none }

  public var mode: Mode
  public var recipe: TrainingRecipe
  public var temperature: Float
  public var alpha: Float

  public init(
    mode: Mode = .kd, recipe: TrainingRecipe = FineTuning.defaultRecipe, temperature: Float = 4,
    alpha: Float = 0.9
  ) {
    self.mode = mode
    self.recipe = recipe
    self.temperature = temperature
    self.alpha = alpha
  }

  /// SGD momentum 0.9, learning rate 0.01 with cosine decay, weight decay 5e-4, batch
  /// 128, standard augmentation, 1 epoch.
  public static let defaultRecipe = TrainingRecipe(
    epochs: 1, batchSize: 128, learningRate: 0.01, weightDecay: 5e-4, schedule: .cosine,
    augmentation: .standard)

  /// A trainer for the pruned network, with `original` as the teacher under `kd`.
  public func trainer(original: Network, normalization: Normalization) -> Trainer {
    Trainer(
      recipe: recipe, normalization: normalization, teacher: mode == .kd ? original : nil,
      temperature: temperature, alpha: alpha)
  }
}
