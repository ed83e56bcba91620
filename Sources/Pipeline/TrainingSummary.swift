import Datasets
import Engine
import Models
import Results

/// The JSON summary `ocnna train` writes beside its checkpoint.
public struct TrainingSummary: Codable, Sendable {
  public var schemaVersion = 1
  public var model: ModelSpec
  public var parameterCount: Int
  public var macs: Int
  /// The dataset as named on the command line, and as reports print it.
  public var dataset: String
  public var datasetName: String
  /// SHA-256 over the training images and labels.
  public var datasetFingerprint: String
  public var trainImages: Int
  /// Images held out from training for per-epoch validation (0: epochs were scored on
  /// the test split).
  public var validationImages: Int
  public var testImages: Int
  public var normalization: Normalization
  public var recipe: TrainingRecipe
  public var epochs: [EpochRecord]
  /// True when the run was stopped (Ctrl-C) before its last epoch.
  public var interrupted: Bool
  /// The final evaluation on the test split.
  public var test: Evaluation?
  public var seconds: Double
  public var checkpoint: String
  public var environment: RunEnvironment

  public init(
    model: ModelSpec,
    parameterCount: Int,
    macs: Int,
    dataset: String,
    datasetName: String,
    datasetFingerprint: String,
    trainImages: Int,
    validationImages: Int,
    testImages: Int,
    normalization: Normalization,
    recipe: TrainingRecipe,
    epochs: [EpochRecord],
    interrupted: Bool,
    test: Evaluation?,
    seconds: Double,
    checkpoint: String,
    environment: RunEnvironment
  ) {
    self.model = model
    self.parameterCount = parameterCount
    self.macs = macs
    self.dataset = dataset
    self.datasetName = datasetName
    self.datasetFingerprint = datasetFingerprint
    self.trainImages = trainImages
    self.validationImages = validationImages
    self.testImages = testImages
    self.normalization = normalization
    self.recipe = recipe
    self.epochs = epochs
    self.interrupted = interrupted
    self.test = test
    self.seconds = seconds
    self.checkpoint = checkpoint
    self.environment = environment
  }
}
