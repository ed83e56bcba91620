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
  /// A budget in epochs over the fine-tuning images, fractions allowed (0.1 = a tenth of
  /// the split's steps), with a linear warm-up over `warmupShare` of the steps before the
  /// recipe's schedule; nil: the recipe's whole epochs (protocol 1). Omitted from the JSON
  /// when nil.
  public var epochs: Double? = nil
  public var warmupShare: Double? = nil

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

  /// Protocol 2's named budgets: distillation over the whole training split with
  /// warm-up (5 % of the steps) and cosine decay from 0.01.
  public enum Preset: String, CaseIterable, Sendable {
    /// `epoch` (one epoch) sits between `short` and `standard` for the budget curve.
    case none, short, epoch, standard, long

    /// Epochs over the full split: 0, 0.1, 1, 3, 10.
    public var epochs: Double {
      switch self {
      case .none: 0
      case .short: 0.1
      case .epoch: 1
      case .standard: 3
      case .long: 10
      }
    }

    public var fineTuning: FineTuning {
      guard self != .none else { return FineTuning(mode: .none) }
      var tuning = FineTuning(mode: .kd)
      tuning.epochs = epochs
      tuning.warmupShare = 0.05
      tuning.recipe.epochs = Int(epochs.rounded(.up))
      return tuning
    }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
  }

  /// The recipe fitted to `images` training images: whole epochs enough to hold the
  /// budget, the step limit and the warm-up steps of a fractional budget.
  public func recipe(forImages images: Int) -> TrainingRecipe {
    var fitted = recipe
    guard let epochs else { return fitted }
    let stepsPerEpoch = max(1, images / max(1, recipe.batchSize))
    let steps = max(1, Int((epochs * Double(stepsPerEpoch)).rounded()))
    fitted.epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch
    fitted.stepLimit = steps
    fitted.warmupSteps = Int(((warmupShare ?? 0) * Double(steps)).rounded())
    return fitted
  }

  /// SGD momentum 0.9, learning rate 0.01 with cosine decay, weight decay 5e-4, batch
  /// 128, standard augmentation, 1 epoch.
  public static let defaultRecipe = TrainingRecipe(
    epochs: 1, batchSize: 128, learningRate: 0.01, weightDecay: 5e-4, schedule: .cosine,
    augmentation: .standard)
}
