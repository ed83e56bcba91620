import Engine
import Foundation
import Models
import Results
import TestSupport
import Testing

struct ZooTests {
  @Test func vgg16Structure() throws {
    // 13 convolutions (14,710,464 weights, no bias) and 13 BatchNorms (2 × 4,224 = 8,448).
    let convolutionsAndNorms = 14_710_464 + 8_448
    // The CIFAR head of Li et al. / HRank: linear 512→512 (262,656), ReLU, 512→10 (5,130).
    let cifar = VGG.vgg16(classCount: 10)
    #expect(cifar.parameterCount == convolutionsAndNorms + 262_656 + 5_130)
    #expect(cifar.parameterCount == 14_986_698)
    #expect(cifar.outputShape == [10])
    #expect(cifar.parameters.names.first == "features.0.weight")
    // The engine benchmark's head: one linear 512→10.
    #expect(VGG.vgg16(classCount: 10, head: .linear).parameterCount == convolutionsAndNorms + 5_130)
    // ImageNet: 7×7×512 features into 4096, 4096, 1000.
    let imageNet = VGG.vgg16(classCount: 1000, inputSize: 224, head: .imageNet)
    #expect(
      imageNet.parameterCount == convolutionsAndNorms + 25_088 * 4_096 + 4_096 + 4_096 * 4_096
        + 4_096 + 4_096 * 1_000 + 1_000)
    let narrow = VGG.vgg16(classCount: 10, width: 0.125)
    #expect(
      narrow.nodes.compactMap {
        if case .conv(let c) = $0.operation { c.outputChannels } else { nil }
      }.first == 8)
  }

  @Test(arguments: [(20, 269_722), (32, 464_154), (44, 658_586), (56, 853_018), (110, 1_727_962)])
  func cifarResNetParameterCounts(depth: Int, expected: Int) {
    #expect(CIFARResNet.resnet(depth: depth).parameterCount == expected)
  }

  @Test func optionBAddsProjectionShortcuts() {
    let network = CIFARResNet.resnet(depth: 20, shortcut: .b)
    #expect(network.parameters.names.contains("layer2.0.shortcut.0.weight"))
    // Two projections: 16·32 + 32·64 weights, plus their BatchNorms (2·32 + 2·64).
    #expect(network.parameterCount == 269_722 + 16 * 32 + 32 * 64 + 64 + 128)
  }

  @Test func resnet50MatchesTorchvision() {
    let network = ResNet50.resnet50(classCount: 1000, inputSize: 224, stem: .imageNet)
    // torchvision's resnet50: 25,557,032 parameters, about 4.09 G multiply-accumulates.
    #expect(network.parameterCount == 25_557_032)
    #expect(abs(Double(network.macs) / 1e9 - 4.09) < 0.03)
    #expect(network.parameters.names.contains("layer4.2.conv3.weight"))
    #expect(network.parameters.names.contains("layer3.0.downsample.0.weight"))
  }

  @Test func mobilenetV1MatchesThePaper() {
    let network = MobileNet.mobilenetV1(classCount: 1000, inputSize: 224, variant: .imageNet)
    // Howard et al.: 4.2 M parameters and 569 M mult-adds (4,231,976 with BatchNorm).
    #expect(network.parameterCount == 4_231_976)
    #expect(abs(Double(network.macs) / 1e6 - 569) < 2)
  }

  @Test func densenet40HasAboutOneMillionParameters() {
    let network = DenseNet.densenet40(classCount: 10)
    // Huang et al. report 1.0 M for DenseNet (L = 40, k = 12).
    #expect(abs(Double(network.parameterCount) / 1e6 - 1.0) < 0.1)
    #expect(network.nodeShapes[network.nodeIndex("dense3.11.concat")!] == [456, 8, 8])
  }

  @Test(arguments: Zoo.architectures.map(\.name).filter { !$0.contains("110") })
  func everyArchitectureRunsForwardAndBackward(_ name: String) throws {
    var network = try ModelSpec(
      architecture: name, classCount: 10, inputSize: 32,
      width: name.hasPrefix("resnet50") || name.hasPrefix("vgg") ? 0.25 : 1
    ).build(seed: 1)
    let pass = network.forward(Tensor(normal: [2, 3, 32, 32], seed: 1), mode: .train)
    #expect(pass.output.shape == [2, 10])
    let gradients = network.backward(pass, outputGradient: Tensor(normal: [2, 10], seed: 2))
      .parameters
    #expect(gradients.names == network.parameters.names)
    #expect(gradients.tensors.allSatisfy { $0.scalars.allSatisfy { $0.isFinite } })
  }

  @Test func widthRoundsToMultiplesOfEight() {
    #expect(scaledChannels(64, width: 0.25) == 16)
    #expect(scaledChannels(16, width: 0.25) == 8)
    #expect(scaledChannels(100, width: 1) == 104)
  }

  @Test func impossibleSpecsAreClearErrors() {
    #expect(throws: ZooError.self) { try ModelSpec(architecture: "vgg19").build() }
    #expect(throws: ZooError.self) { try ModelSpec(architecture: "vgg16", inputSize: 28).build() }
    #expect(throws: ZooError.self) { try ModelSpec(architecture: "resnet20", width: 0).build() }
  }

  @Test(
    .enabled(
      if: SharedData.has("pretrained/resnet20.safetensors"),
      "../shared/data/pretrained/resnet20.safetensors is not present (a fresh clone has no ../shared)"
    ))
  func sharedPretrainedResNet20LoadsIntoTheZooNetwork() throws {
    let url = try #require(SharedData.file("pretrained/resnet20.safetensors"))
    var network = CIFARResNet.resnet(depth: 20)
    try Checkpoint.loadState(into: &network, from: url)
    let file = try SafeTensorsFile(contentsOf: url)
    #expect(try network.parameters["conv1.weight"] == file.tensor("conv1.weight"))
    #expect(
      try network.buffers["layer3.2.bn2.running_var"] == file.tensor("layer3.2.bn2.running_var"))
  }
}

/// The zoo builds exactly the architectures the catalogue names.
struct ArchitectureCatalogueTests {
  @Test func everyCatalogueEntryHasABuilderAndEveryBuilderAnEntry() {
    #expect(Set(Zoo.builders.keys) == Set(ArchitectureName.slugs))
    #expect(Zoo.architectures.map(\.name) == ArchitectureName.slugs)
    #expect(Set(ArchitectureName.slugs).count == ArchitectureName.all.count)
  }

  @Test func everyFamilyIsOrderedForTheReport() {
    for entry in ArchitectureName.all {
      #expect(ArchitectureName.familyOrder.contains(entry.family), "\(entry.slug)")
    }
  }
}
