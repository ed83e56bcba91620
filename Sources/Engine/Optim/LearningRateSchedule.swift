import Foundation

/// A learning rate as a function of the optimisation step: constant, step decay or cosine
/// annealing, optionally after a linear warm-up.
public struct LearningRateSchedule: Codable, Hashable, Sendable {
  public enum Shape: Codable, Hashable, Sendable {
    case constant
    /// Multiply by `gamma` at each step in `milestones`.
    case step(milestones: [Int], gamma: Float)
    /// Cosine annealing from the base rate down to `minimum` at `totalSteps`
    /// (Loshchilov & Hutter, SGDR, arXiv:1608.03983).
    case cosine(minimum: Float)
  }

  public var baseRate: Float
  public var shape: Shape
  public var totalSteps: Int
  /// Steps of linear warm-up from baseRate / warmupSteps to baseRate.
  public var warmupSteps: Int

  public init(baseRate: Float, shape: Shape = .constant, totalSteps: Int, warmupSteps: Int = 0) {
    self.baseRate = baseRate
    self.shape = shape
    self.totalSteps = max(1, totalSteps)
    self.warmupSteps = max(0, warmupSteps)
  }

  /// The rate for 0-based step `step`.
  public func rate(atStep step: Int) -> Float {
    if step < warmupSteps { return baseRate * Float(step + 1) / Float(warmupSteps) }
    switch shape {
    case .constant:
      return baseRate
    case .step(let milestones, let gamma):
      return baseRate * pow(gamma, Float(milestones.filter { step >= $0 }.count))
    case .cosine(let minimum):
      let span = max(1, totalSteps - warmupSteps)
      let progress = min(1, Double(step - warmupSteps) / Double(span))
      return minimum + (baseRate - minimum) * Float(0.5 * (1 + cos(Double.pi * progress)))
    }
  }
}
