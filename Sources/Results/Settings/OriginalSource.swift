/// Where an original (unpruned) network comes from: trained here with a recipe, or a
/// checkpoint, optionally fine-tuned on the grid's dataset first (for weights trained on
/// other data, such as the shared ResNets on JPEG CIFAR-10).
public struct OriginalSource: Hashable, Sendable, Codable {
  /// The recipe when the original is trained here.
  public var train: TrainingRecipe?
  /// A safetensors checkpoint (a path relative to the working directory).
  public var checkpoint: String?
  /// The checkpoint's SHA-256; checked when given, and part of every run key.
  public var sha256: String?
  /// For checkpoints: `checkpoint` (its own metadata), `dataset` or `imagenet`.
  public var normalization: String?
  /// For checkpoints: fine-tuning on the grid's training split before pruning.
  public var fineTune: TrainingRecipe?

  public init(
    train: TrainingRecipe? = nil, checkpoint: String? = nil, sha256: String? = nil,
    normalization: String? = nil, fineTune: TrainingRecipe? = nil
  ) {
    self.train = train
    self.checkpoint = checkpoint
    self.sha256 = sha256
    self.normalization = normalization
    self.fineTune = fineTune
  }

  /// The default recipe of originals trained here: SGD momentum 0.9, lr 0.05 cosine,
  /// weight decay 5e-4, batch 128, standard augmentation, 10 epochs.
  public static let defaultTraining = TrainingRecipe(
    epochs: 10, batchSize: 128, learningRate: 0.05, schedule: .cosine)
}
