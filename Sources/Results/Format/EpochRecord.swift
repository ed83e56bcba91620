/// What happened in one training epoch.
public struct EpochRecord: Codable, Hashable, Sendable {
  public var epoch: Int
  public var trainLoss: Double
  public var trainAccuracy: Double
  /// Accuracy after the epoch on the held-out set the trainer was given (the validation
  /// split when one was held out, the test split otherwise; the summary says which).
  public var heldOutAccuracy: Double?
  public var learningRate: Float
  public var seconds: Double
  public var imagesPerSecond: Double

  public init(
    epoch: Int,
    trainLoss: Double,
    trainAccuracy: Double,
    heldOutAccuracy: Double? = nil,
    learningRate: Float,
    seconds: Double,
    imagesPerSecond: Double
  ) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.trainAccuracy = trainAccuracy
    self.heldOutAccuracy = heldOutAccuracy
    self.learningRate = learningRate
    self.seconds = seconds
    self.imagesPerSecond = imagesPerSecond
  }
}
