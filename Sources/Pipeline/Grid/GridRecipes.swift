import Datasets
import Foundation
import Results

/// Training-recipe fields as a grid writes them: any subset, the rest from a default recipe.
struct RecipeOverrides: Decodable {
  static let fields = [
    "epochs", "batchSize", "learningRate", "momentum", "nesterov", "weightDecay",
    "decayNormAndBias", "schedule", "stepMilestones", "stepGamma", "warmupEpochs",
    "labelSmoothing", "augment", "seed",
  ]
  var apply: (inout TrainingRecipe) -> Void = { _ in }

  init(from decoder: Decoder) throws {
    try self.init(StrictFields(decoder, allowed: Self.fields))
  }

  init(_ f: StrictFields) throws {
    let epochs: Int? = try f.optional("epochs")
    let batchSize: Int? = try f.optional("batchSize")
    let learningRate: Float? = try f.optional("learningRate")
    let momentum: Float? = try f.optional("momentum")
    let nesterov: Bool? = try f.optional("nesterov")
    let weightDecay: Float? = try f.optional("weightDecay")
    let decayNormAndBias: Bool? = try f.optional("decayNormAndBias")
    let schedule: TrainingRecipe.Schedule? = try f.optional("schedule")
    let milestones: [Int]? = try f.optional("stepMilestones")
    let gamma: Float? = try f.optional("stepGamma")
    let warmup: Int? = try f.optional("warmupEpochs")
    let smoothing: Float? = try f.optional("labelSmoothing")
    let augment: Bool? = try f.optional("augment")
    let seed: UInt64? = try f.optional("seed")
    if let epochs, epochs < 0 { throw f.invalid("epochs", "must not be negative") }
    if let batchSize, batchSize <= 0 { throw f.invalid("batchSize", "must be positive") }
    if let learningRate, !(learningRate > 0) {
      throw f.invalid("learningRate", "must be positive")
    }
    if let momentum, !(momentum >= 0 && momentum < 1) {
      throw f.invalid("momentum", "must be in [0, 1)")
    }
    if let weightDecay, !(weightDecay >= 0) { throw f.invalid("weightDecay", "must be ≥ 0") }
    if let smoothing, !(smoothing >= 0 && smoothing < 1) {
      throw f.invalid("labelSmoothing", "must be in [0, 1)")
    }
    if let warmup, warmup < 0 { throw f.invalid("warmupEpochs", "must not be negative") }
    if let epochs, let warmup, warmup > epochs {
      throw f.invalid("warmupEpochs", "\(warmup) warm-up epochs exceed the \(epochs) epochs")
    }
    apply = { recipe in
      if let epochs { recipe.epochs = epochs }
      if let batchSize { recipe.batchSize = batchSize }
      if let learningRate { recipe.learningRate = learningRate }
      if let momentum { recipe.momentum = momentum }
      if let nesterov { recipe.nesterov = nesterov }
      if let weightDecay { recipe.weightDecay = weightDecay }
      if let decayNormAndBias { recipe.decayNormAndBias = decayNormAndBias }
      if let schedule { recipe.schedule = schedule }
      if let milestones { recipe.stepMilestones = milestones }
      if let gamma { recipe.stepGamma = gamma }
      if let warmup { recipe.warmupEpochs = warmup }
      if let smoothing { recipe.labelSmoothing = smoothing }
      if let augment { recipe.augmentation = augment ? .standard : .none }
      if let seed { recipe.seed = seed }
    }
  }

  func recipe(from base: TrainingRecipe) -> TrainingRecipe {
    var recipe = base
    apply(&recipe)
    return recipe
  }
}

/// The `original` block of a grid, read strictly.
struct GridOriginal: Decodable {
  var value: OriginalSource

  init(from decoder: Decoder) throws {
    var train: TrainingRecipe?, fineTune: TrainingRecipe?
    var checkpoint: String?, sha256: String?, normalization: String?
    let f = try StrictFields(
      decoder, allowed: ["train", "checkpoint", "sha256", "normalization", "fineTune"])
    train = try (f.optional("train") as RecipeOverrides?)?.recipe(
      from: OriginalSource.defaultTraining)
    checkpoint = try f.optional("checkpoint")
    sha256 = try f.optional("sha256")
    normalization = try f.optional("normalization")
    fineTune = try (f.optional("fineTune") as RecipeOverrides?)?.recipe(
      from: FineTuning.defaultRecipe)
    guard (train == nil) != (checkpoint == nil) else {
      throw f.invalid("train", "give exactly one of train (a recipe) or checkpoint (a path)")
    }
    if train != nil {
      for field in ["sha256", "normalization", "fineTune"] where f.container.contains(AnyKey(field))
      {
        throw f.invalid(field, "applies to a checkpoint only")
      }
    }
    if let normalization, let problem = NormalizationChoice.problem(with: normalization) {
      throw f.invalid("normalization", problem)
    }
    if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
      throw f.invalid("sha256", "must be 64 hexadecimal digits")
    }
    if train?.epochs == 0 { throw f.invalid("train", "must train for at least one epoch") }
    value = OriginalSource(
      train: train, checkpoint: checkpoint, sha256: sha256, normalization: normalization,
      fineTune: fineTune)
  }
}

/// A grid's `fineTuning`: one budget (an object) or several (an array of them, one cell per
/// budget: a budget curve).
struct GridBudgets: Decodable {
  var values: [FineTuning]

  init(from decoder: Decoder) throws {
    guard var list = try? decoder.unkeyedContainer() else {
      values = [try GridFineTuning(from: decoder).value]
      return
    }
    var values: [FineTuning] = []
    while !list.isAtEnd { values.append(try list.decode(GridFineTuning.self).value) }
    guard !values.isEmpty else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "must list at least one budget (or be one object)"))
    }
    for (index, budget) in values.enumerated() where values[..<index].contains(budget) {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath + [AnyKey(intValue: index)!],
          debugDescription: "repeats an earlier budget; list each budget once"))
    }
    self.values = values
  }
}

/// The fine-tuning block of a grid: the mode, distillation settings and a recipe.
struct GridFineTuning: Decodable {
  var value: FineTuning

  init(from decoder: Decoder) throws {
    let f = try StrictFields(
      decoder,
      allowed: ["preset", "mode", "temperature", "alpha", "imagesPerClass"] + RecipeOverrides.fields
    )
    if let name: String = try f.optional("preset") {
      guard let preset = FineTuning.Preset(rawValue: name) else {
        throw f.invalid(
          "preset", "'\(name)' is not a fine-tuning preset; use one of \(FineTuning.Preset.names)")
      }
      guard f.container.allKeys.count == 1 else {
        throw f.invalid("preset", "a preset fixes the whole budget; give no other field with it")
      }
      value = preset.fineTuning
      return
    }
    let mode: FineTuning.Mode = try f.value("mode", default: .kd)
    let temperature: Float = try f.value("temperature", default: 4)
    let alpha: Float = try f.value("alpha", default: 0.9)
    guard temperature > 0 else { throw f.invalid("temperature", "must be positive") }
    guard alpha >= 0, alpha <= 1 else { throw f.invalid("alpha", "must be in [0, 1]") }
    let imagesPerClass: Int? = try f.optional("imagesPerClass")
    if let imagesPerClass, imagesPerClass <= 0 {
      throw f.invalid("imagesPerClass", "must be a positive number of images")
    }
    let recipe = try RecipeOverrides(f).recipe(from: FineTuning.defaultRecipe)
    value = FineTuning(
      mode: mode, recipe: recipe, temperature: temperature, alpha: alpha,
      imagesPerClass: imagesPerClass)
  }
}
