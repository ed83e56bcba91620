import Datasets
import Engine
import Models
import Pipeline
import Results
import Testing

/// Protocol 2's fine-tuning budgets: fractional epochs become a step limit with warm-up,
/// and the trainer takes exactly that many steps.
struct FineTuningPresetTests {
  @Test func presetsBecomeStepBudgetsOverTheFullSplit() {
    let short = FineTuning.Preset.short.fineTuning.recipe(forImages: 50_000)
    #expect(short.stepLimit == 39)  // 0.1 × 390 steps of 128
    #expect(short.epochs == 1)
    #expect(short.warmupSteps == 2)
    let standard = FineTuning.Preset.standard.fineTuning.recipe(forImages: 50_000)
    #expect(standard.stepLimit == 1_170 && standard.epochs == 3 && standard.warmupSteps == 59)
    #expect(FineTuning.Preset.none.fineTuning.mode == .none)
    // A budget without `epochs` keeps its recipe (protocol 1's whole epochs).
    #expect(FineTuning().recipe(forImages: 5_000) == FineTuning().recipe)
  }

  @Test func theTrainerStopsAtTheStepLimit() throws {
    let train = SyntheticDataset.make(split: "train", count: 200, seed: 1)
    var network = try ModelSpec(architecture: "resnet20", width: 0.25).build(seed: 1)
    var tuning = FineTuning(mode: .ce)
    tuning.recipe.batchSize = 20
    tuning.recipe.augmentation = .none
    tuning.epochs = 1.5  // 10 steps per epoch → 15 steps
    tuning.warmupShare = 0.2
    var steps = 0
    let records = try tuning.trainer(
      original: network, normalization: .centred(channels: 3), images: train.count
    ).train(&network, on: train, evaluatingOn: nil, progress: { _ in steps += 1 })
    #expect(steps == 15)
    #expect(records.count == 2, "the partial second epoch is recorded")
  }
}
