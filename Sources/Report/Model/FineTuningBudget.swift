import Foundation
import Results

/// A cell's fine-tuning budget in the units pruning papers can be compared in: image
/// passes (epochs × images) and SGD steps (epochs × batches), not just "1 epoch" — an
/// epoch on 5,000 images is a hundredth of the 100 epochs on 50,000 a paper may use.
public struct FineTuningBudget: Sendable, Equatable {
  /// Epochs over the fine-tuning images, fractions allowed (protocol 2's `short` is 0.1).
  public var epochs: Double
  /// Training images per epoch (nil when the dataset's size is not known here).
  public var images: Int?
  public var batchSize: Int

  public init(_ result: RunResult) {
    let tuning = result.cell.fineTuning
    epochs = tuning.mode == .none ? 0 : tuning.epochs ?? Double(tuning.recipe.epochs)
    batchSize = max(1, tuning.recipe.batchSize)
    let dataset = result.cell.dataset
    let classes = DatasetName.named(dataset.name)?.classCount ?? 0
    if let perClass = tuning.imagesPerClass, classes > 0 {
      images = perClass * classes
    } else {
      images = dataset.splitImages(test: false)
    }
    // The trainer's own rule for a fractional budget, not a second copy of it.
    stepLimit =
      tuning.mode == .none || tuning.epochs == nil
      ? nil : images.flatMap { tuning.recipe(forImages: $0).stepLimit }
  }

  /// The steps of a fractional budget (protocol 2's presets), as the trainer takes them.
  public var stepLimit: Int?

  public var sgdSteps: Int? {
    stepLimit ?? images.map { Int(epochs) * (($0 + batchSize - 1) / batchSize) }
  }
  public var imagePasses: Int? {
    stepLimit.map { $0 * batchSize } ?? images.map { $0 * Int(epochs) }
  }

  /// `3`, `0.1`.
  var epochText: String { PruningPolicy.compact(epochs) }

  /// `1 epoch × 5,000 images = 5,000 image passes = 40 SGD steps (batch 128)`.
  public var description: String {
    guard epochs > 0 else {
      return "none (the pruned network is evaluated as the criterion left it)"
    }
    guard let images, let passes = imagePasses, let steps = sgdSteps else {
      return "\(epochText) epoch(s) on a dataset of unknown size"
    }
    return
      "\(epochText) epoch\(epochs == 1 ? "" : "s") × \(Self.grouped(images)) images = \(Self.grouped(passes)) image passes = \(Self.grouped(steps)) SGD steps (batch \(batchSize))"
  }

  /// `5,000 image passes, 40 SGD steps` for chart subtitles.
  public var short: String {
    guard epochs > 0 else { return "no fine-tuning" }
    guard let passes = imagePasses, let steps = sgdSteps else {
      return "\(epochText) ep fine-tuning"
    }
    return "fine-tuned \(Self.grouped(passes)) image passes, \(Self.grouped(steps)) SGD steps"
  }

  static func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }
}
