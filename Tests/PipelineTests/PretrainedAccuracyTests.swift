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

  /// The CIFAR-100 ResNet-56 (option-B shortcuts, `pytorch-cifar-models` tensor names) loads
  /// by name into the zoo's `resnet56-b` and reproduces the independent NumPy reference on
  /// the PNG test split: top-1 7,263 and top-5 9,194 of 10,000 (± 5, float rounding).
  @Test(
    .enabled(
      if: SharedData.has("cifar100-png.tar.gz", "pretrained/resnet56-cifar100.safetensors"),
      "../shared/data (the PNG CIFAR-100 and its trained ResNet-56) is not present (a fresh clone has no ../shared)"
    ))
  func sharedCIFAR100ResNetReproducesTheReferenceAccuracy() throws {
    let weights = try #require(SharedData.file("pretrained/resnet56-cifar100.safetensors"))
    let test = try #require(SharedCIFAR100.test).get()
    #expect(test.count == 10_000)
    #expect(test.classCount == 100)
    #expect(test.name == "CIFAR-100 (PNG)")
    #expect(Array(test.classNames.prefix(3)) == ["apple", "aquarium_fish", "baby"])
    #expect((0..<100).allSatisfy { c in test.labels.filter { $0 == c }.count == 100 })
    var network = try ModelSpec(architecture: "resnet56-b", classCount: 100).build()
    let naming = try Checkpoint.loadState(into: &network, from: weights)
    #expect(naming.source == TensorNaming.pytorchCIFARModels.source)
    // The statistics the weights were trained with (the README's, to four digits).
    let normalization = Normalization(
      mean: [0.5070, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2761])
    let evaluation = Evaluation.run(network, on: test, normalization: normalization)
    print(
      "ResNet-56 (option B) on CIFAR-100 (PNG): top-1 \(evaluation.top1Correct), top-5 \(evaluation.top5Correct) / 10,000 (reference 7,263 and 9,194)"
    )
    #expect(abs(evaluation.top1Correct - 7_263) <= 5)
    #expect(abs(evaluation.top5Correct - 9_194) <= 5)
  }
}
