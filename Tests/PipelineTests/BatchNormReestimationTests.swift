import Datasets
import Engine
import Foundation
import Models
import Pipeline
import Pruning
import Results
import TestSupport
import Testing

/// Protocol 2's zero-shot tier on real data: the shared ResNet-20, its inner convs pruned
/// by L1 at ratio 0.5, evaluated on the full JPEG CIFAR-10 test split with the original's
/// BatchNorm statistics and again after re-estimating them on 1,024 training images.
@Suite(.serialized)
struct BatchNormReestimationTests {
  @Test(
    .enabled(
      if: SharedData.has("cifar10-jpg.tar.gz", "pretrained/resnet20.safetensors"),
      "../shared/data (the JPEG CIFAR-10 and the trained ResNet-20) is not present (a fresh clone has no ../shared)"
    ))
  func reestimatingBatchNormLiftsAnL1PrunedResNet20FarAboveChance() throws {
    let (train, test) = try #require(SharedCIFAR10.splits).get()
    var network = CIFARResNet.resnet(depth: 20)
    try Checkpoint.loadState(
      into: &network, from: try #require(SharedData.file("pretrained/resnet20.safetensors")))
    let run = PruningRun(
      criterion: WeightCriterion(.l1), policy: .ratio(r: 0.5, minChannels: 1),
      fineTuning: FineTuning(mode: .none), normalization: .imageNet, seed: 0,
      pruningProtocol: .literature, architecture: "resnet20")
    let result = try run.run(network, train: train, test: test)
    let s = result.summary
    let zeroShot = try #require(s.prunedTop1ZeroShot)
    print(
      String(
        format:
          "ResNet-20, L1, ratio 0.5 of the inner convs (RPR %.3f): original %.2f%%, pruned %.2f%% with the original's BatchNorm statistics, %.2f%% after re-estimating them on 1,024 images",
        s.rpr, 100 * s.originalTop1, 100 * s.prunedTop1BeforeFineTuning, 100 * zeroShot))
    #expect(s.originalTop1 > 0.8)
    // Measured 2026-12-06: 11.96 % with the original's statistics, 43.90 % re-estimated.
    #expect(s.prunedTop1BeforeFineTuning < 0.2, "the stale statistics leave it near chance")
    #expect(zeroShot > 0.35, "well above chance (10 %)")
    #expect(zeroShot > s.prunedTop1BeforeFineTuning + 0.2, "re-estimation must help")
    #expect(s.prunedTop1 == zeroShot, "without fine-tuning the final accuracy is the zero-shot one")
    // Only the first conv of each block lost channels, each exactly half of its 16/32/64.
    for layer in s.channels {
      let inner = layer.layer.hasPrefix("layer") && layer.layer.hasSuffix(".conv1")
      #expect(layer.kept == (inner ? layer.original / 2 : layer.original), "\(layer.layer)")
    }
    // The per-image outcomes agree with the accuracies and survive a JSON round trip.
    let outcomes = try #require(s.outcomes)
    #expect(outcomes.original.count == 10_000)
    #expect(outcomes.original.correctCount == Int((s.originalTop1 * 10_000).rounded()))
    #expect(outcomes.prunedZeroShot?.correctCount == Int((zeroShot * 10_000).rounded()))
    #expect(
      outcomes.prunedBeforeFineTuning.correctCount
        == Int((s.prunedTop1BeforeFineTuning * 10_000).rounded()))
    #expect(outcomes.groups.count == 9)
    #expect(outcomes.groups.allSatisfy { $0.removed.count * 2 == $0.scores.count })
    let decoded = try JSONDecoder().decode(
      ImageOutcomes.self, from: JSONEncoder().encode(outcomes))
    #expect(decoded == outcomes)
  }
}
