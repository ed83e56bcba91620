import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// `ocnna run --dry-run`'s estimate follows a cell's real budget: a fractional preset is
/// costed at its fraction of an epoch (it was costed at whole epochs, ten times the short
/// budget), and BatchNorm re-estimation adds its forward passes and an evaluation.
struct CostEstimateTests {
  @Test func fractionalBudgetsAndBatchNormImagesAreCosted() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = try GridSpec.read(TinyGrid.write(into: folder.url, protocolTwo: true))
    let data = try GridData.load(spec.datasets[0], cache: folder.file("cache"))
    var estimate = CostEstimate()
    let short = spec.cells[0]  // the short preset: 0.1 epoch
    var epoch = short
    epoch.fineTuning = FineTuning.Preset.epoch.fineTuning
    var standard = short
    standard.fineTuning = FineTuning.Preset.standard.fineTuning
    var none = short
    none.fineTuning = FineTuning.Preset.none.fineTuning
    var withoutBatchNorm = none
    withoutBatchNorm.pruningProtocol?.batchNormImages = 0
    let seconds = try [short, epoch, standard, none, withoutBatchNorm].map {
      try estimate.cellSeconds($0, data: data)
    }
    // Every fine-tuned cell reads the same accuracies, so differences are tuning alone:
    // 3 − 1 epochs against 1 − 0.1.
    let twoEpochs = seconds[2] - seconds[1], ninetenths = seconds[1] - seconds[0]
    #expect(ninetenths > 0)
    #expect(abs(twoEpochs / ninetenths - 2 / 0.9) < 1e-6, "\(twoEpochs) vs \(ninetenths)")
    #expect(seconds[0] > seconds[3], "fine-tuning, and reading its accuracy, costs something")
    #expect(seconds[3] > seconds[4], "re-estimating BatchNorm on 32 images costs something")
  }
}
