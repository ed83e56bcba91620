import Foundation
import Pipeline
import Results
import TestSupport
import Testing

/// `ocnna run --dry-run`'s estimate follows a cell's real budget: a fractional preset is
/// costed at its fraction of an epoch (it was costed at whole epochs, ten times the short
/// budget), and BatchNorm re-estimation adds its forward passes.
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
    var none = short
    none.fineTuning = FineTuning.Preset.none.fineTuning
    var withoutBatchNorm = none
    withoutBatchNorm.pruningProtocol?.batchNormImages = 0
    let seconds = try [short, epoch, none, withoutBatchNorm].map {
      try estimate.cellSeconds($0, data: data)
    }
    let tuningShort = seconds[0] - seconds[2], tuningEpoch = seconds[1] - seconds[2]
    #expect(tuningShort > 0)
    #expect(abs(tuningShort / tuningEpoch - 0.1) < 1e-6, "\(tuningShort) vs \(tuningEpoch)")
    #expect(seconds[2] > seconds[3], "re-estimating BatchNorm on 32 images costs something")
  }
}
