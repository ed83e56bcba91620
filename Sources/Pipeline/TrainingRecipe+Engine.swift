import Engine
import Results

/// A recipe's schedule and optimiser settings as the engine takes them.
extension TrainingRecipe {
  /// The learning-rate schedule over `stepsPerEpoch × epochs` steps.
  public func learningRateSchedule(stepsPerEpoch: Int) -> LearningRateSchedule {
    let shape: LearningRateSchedule.Shape
    switch schedule {
    case .constant: shape = .constant
    case .step:
      shape = .step(milestones: stepMilestones.map { $0 * stepsPerEpoch }, gamma: stepGamma)
    case .cosine: shape = .cosine(minimum: 0)
    }
    return LearningRateSchedule(
      baseRate: learningRate, shape: shape, totalSteps: totalSteps(stepsPerEpoch: stepsPerEpoch),
      warmupSteps: warmupSteps ?? warmupEpochs * stepsPerEpoch)
  }

  /// The SGD steps the recipe takes: every step of its epochs, or its step limit.
  public func totalSteps(stepsPerEpoch: Int) -> Int {
    min(epochs * stepsPerEpoch, stepLimit ?? .max)
  }

  /// The optimiser settings.
  public var optimizer: SGD.Settings {
    SGD.Settings(
      momentum: momentum, nesterov: nesterov, weightDecay: weightDecay,
      decayNormAndBias: decayNormAndBias)
  }
}
