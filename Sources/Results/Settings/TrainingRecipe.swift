/// How a network is trained: the optimiser, the schedule, the batches and augmentation.
/// Every field is recorded with the results it produced.
public struct TrainingRecipe: Codable, Hashable, Sendable {
  public enum Schedule: String, Codable, Sendable, CaseIterable {
    case constant, step, cosine
  }

  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Float
  public var momentum: Float
  public var nesterov: Bool
  public var weightDecay: Float
  /// When false, BatchNorm parameters and biases are not decayed.
  public var decayNormAndBias: Bool
  public var schedule: Schedule
  /// For `step`: the epochs at which the rate is multiplied by `stepGamma`.
  public var stepMilestones: [Int]
  public var stepGamma: Float
  public var warmupEpochs: Int
  public var labelSmoothing: Float
  /// Network Slimming's sparsity penalty on BatchNorm scales (0: off).
  public var batchNormL1: Float = 0
  public var augmentation: Augmentation
  public var seed: UInt64
  /// Stop after this many SGD steps (a fractional epoch); nil: every step of `epochs`.
  /// Left out of the JSON when nil, so that recipes written before keep their keys.
  public var stepLimit: Int? = nil
  /// Linear warm-up over this many steps, overriding `warmupEpochs` (nil: use it).
  public var warmupSteps: Int? = nil

  public init(
    epochs: Int = 10, batchSize: Int = 128, learningRate: Float = 0.1, momentum: Float = 0.9,
    nesterov: Bool = false, weightDecay: Float = 5e-4, decayNormAndBias: Bool = true,
    schedule: Schedule = .cosine, stepMilestones: [Int] = [], stepGamma: Float = 0.1,
    warmupEpochs: Int = 0, labelSmoothing: Float = 0, augmentation: Augmentation = .standard,
    seed: UInt64 = 0
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    self.decayNormAndBias = decayNormAndBias
    self.schedule = schedule
    self.stepMilestones = stepMilestones
    self.stepGamma = stepGamma
    self.warmupEpochs = warmupEpochs
    self.labelSmoothing = labelSmoothing
    self.augmentation = augmentation
    self.seed = seed
  }
}
