import Foundation
import Results

/// How a published method fine-tuned (or trained) its pruned networks, as its source
/// states it: the budget the measured runs here are set beside, in the same units —
/// image passes and SGD steps — so that "3 epochs" and "200 epochs" are read as numbers,
/// not as labels. Recorded per method in `Data/baselines/<slug>.json` (`fineTuning`).
public struct PublishedFineTuning: Codable, Hashable, Sendable {
  public var dataset: String
  /// The architectures the budget was stated for (all of the method's, when absent).
  public var architectures: [String]?
  /// Epochs over the training images; per pruned layer when `perPrunedLayer`.
  public var epochs: Double
  /// Whether the epochs are spent again after each pruned layer (layer-by-layer methods).
  public var perPrunedLayer: Bool?
  public var batchSize: Int
  /// Training images per epoch (50,000 for CIFAR-10's training split).
  public var trainingImages: Int
  /// The rest of the recipe as the source gives it (learning rate, schedule, …).
  public var recipe: String?
  /// Where it was read, with a commit id or page.
  public var source: String
  public var sourceKind: String

  public init(
    dataset: String, architectures: [String]?, epochs: Double, perPrunedLayer: Bool?,
    batchSize: Int, trainingImages: Int, recipe: String?, source: String, sourceKind: String
  ) {
    self.dataset = dataset
    self.architectures = architectures
    self.epochs = epochs
    self.perPrunedLayer = perPrunedLayer
    self.batchSize = batchSize
    self.trainingImages = trainingImages
    self.recipe = recipe
    self.source = source
    self.sourceKind = sourceKind
  }

  /// Epochs × training images (per pruned layer when the method repeats them).
  public var imagePasses: Int { Int((epochs * Double(trainingImages)).rounded()) }

  /// Epochs × batches per epoch (per pruned layer when the method repeats them).
  public var sgdSteps: Int {
    Int((epochs * Double((trainingImages + batchSize - 1) / batchSize)).rounded())
  }

  /// `40 epochs × 50,000 images = 2,000,000 image passes = 31,280 SGD steps (batch 64)`.
  public var description: String {
    let epochText = PruningPolicy.compact(epochs)
    let layer = perPrunedLayer == true ? " per pruned layer" : ""
    return
      "\(epochText) epoch\(epochs == 1 ? "" : "s") × \(FineTuningBudget.grouped(trainingImages)) images = \(FineTuningBudget.grouped(imagePasses)) image passes = \(FineTuningBudget.grouped(sgdSteps)) SGD steps (batch \(batchSize))\(layer)"
  }
}
