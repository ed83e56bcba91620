import Datasets
import Engine
import Foundation
import Models
import Pipeline
import TestSupport
import Testing

/// The zoo's CIFAR ResNets with the shared trained weights reproduce the accuracies an
/// independent NumPy implementation measured on the JPEG CIFAR-10 test set
/// (`../shared/data/README.md`): 8,103 for ResNet-20 and 8,320 for ResNet-56, ± 5.
@Suite(.serialized)
struct PretrainedAccuracyTests {
  @Test(
    .enabled(
      if: SharedData.has(
        "cifar10-jpg.tar.gz", "pretrained/resnet20.safetensors", "pretrained/resnet56.safetensors"),
      "../shared/data (the JPEG CIFAR-10 and the trained ResNets) is not present (a fresh clone has no ../shared)"
    ),
    arguments: [(20, 8_103), (56, 8_320)])
  func sharedResNetReproducesTheReferenceAccuracy(depth: Int, reference: Int) throws {
    let weights = try #require(SharedData.file("pretrained/resnet\(depth).safetensors"))
    let test = try #require(SharedCIFAR10.splits).get().test
    #expect(test.count == 10_000)
    #expect(test.name == "CIFAR-10 (JPEG q75)")
    #expect(test.classNames == CIFARBinary.cifar10Classes)
    var network = CIFARResNet.resnet(depth: depth)
    try Checkpoint.loadState(into: &network, from: weights)
    // The normalisation these weights were trained with (ImageNet statistics).
    let evaluation = Evaluation.run(network, on: test, normalization: .imageNet)
    print(
      "ResNet-\(depth) on CIFAR-10 (JPEG q75): \(evaluation.top1Correct) / 10,000 (reference \(reference))"
    )
    #expect(abs(evaluation.top1Correct - reference) <= 5)
  }
}
