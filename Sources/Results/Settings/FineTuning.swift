/// How a pruned network recovers (docs/method.md §8): knowledge distillation from the
/// original (`kd`, T = 4, α = 0.9 by default), plain cross-entropy (`ce`), or `none`. The
/// optimiser and schedule are the same for every method, and recorded in each result.
public struct FineTuning: Codable, Hashable, Sendable {
  public enum Mode: String, Codable, Sendable, CaseIterable { case kd, ce, none }

  public var mode: Mode
  public var recipe: TrainingRecipe
  public var temperature: Float
  public var alpha: Float
  /// Fine-tune on a balanced subset of this many training images per class (drawn with
  /// seed 0, the same for every method); nil: the whole training split. A budget that
  /// keeps CPU grids affordable, recorded like every other part of the budget.
  public var imagesPerClass: Int?

  public init(
    mode: Mode = .kd, recipe: TrainingRecipe = FineTuning.defaultRecipe, temperature: Float = 4,
    alpha: Float = 0.9, imagesPerClass: Int? = nil
  ) {
    self.mode = mode
    self.recipe = recipe
    self.temperature = temperature
    self.alpha = alpha
    self.imagesPerClass = imagesPerClass
  }

  /// SGD momentum 0.9, learning rate 0.01 with cosine decay, weight decay 5e-4, batch
  /// 128, standard augmentation, 1 epoch.
  public static let defaultRecipe = TrainingRecipe(
    epochs: 1, batchSize: 128, learningRate: 0.01, weightDecay: 5e-4, schedule: .cosine,
    augmentation: .standard)
}
