import Engine
import Foundation
import Models
import TestSupport
import Testing

struct ZooTests {
  @Test func vgg16Structure() {
    let network = VGG.vgg16(classCount: 10)
    // 13 convolutions (14,710,464 weights, no bias), 13 BatchNorms (2 × 4,224), linear 512→10.
    #expect(network.parameterCount == 14_710_464 + 8_448 + 5_130)
    #expect(network.outputShape == [10])
    #expect(
      network.nodes.filter { if case .conv = $0.operation { true } else { false } }.count == 13)
    #expect(network.parameters.names.first == "features.0.weight")
    let narrow = VGG.vgg16(classCount: 10, width: 0.125)
    #expect(
      narrow.nodes.compactMap {
        if case .conv(let c) = $0.operation { c.outputChannels } else { nil }
      }.first == 8)
  }

  @Test(arguments: [(20, 269_722), (32, 464_154), (44, 658_586), (56, 853_018)])
  func cifarResNetParameterCounts(depth: Int, expected: Int) {
    #expect(CIFARResNet.resnet(depth: depth).parameterCount == expected)
  }

  @Test func optionBAddsProjectionShortcuts() {
    let network = CIFARResNet.resnet(depth: 20, shortcut: .b)
    #expect(network.parameters.names.contains("layer2.0.shortcut.0.weight"))
    // Two projections: 16·32 + 32·64 weights, plus their BatchNorms (2·32 + 2·64).
    #expect(network.parameterCount == 269_722 + 16 * 32 + 32 * 64 + 64 + 128)
  }

  @Test func forwardAndBackwardOnATinyBatch() {
    for var network in [
      VGG.vgg16(width: 0.125), CIFARResNet.resnet(depth: 20),
      CIFARResNet.resnet(depth: 20, shortcut: .b),
    ] {
      let pass = network.forward(Tensor(normal: [2, 3, 32, 32], seed: 1), mode: .train)
      #expect(pass.output.shape == [2, 10])
      let gradients = network.backward(pass, outputGradient: Tensor(normal: [2, 10], seed: 2))
        .parameters
      #expect(gradients.names == network.parameters.names)
      #expect(gradients.tensors.allSatisfy { $0.scalars.allSatisfy { $0.isFinite } })
    }
  }

  @Test func sharedPretrainedResNet20LoadsIntoTheZooNetwork() throws {
    guard let url = SharedData.file("pretrained/resnet20.safetensors") else {
      print(SharedData.skipMessage("pretrained/resnet20.safetensors"))
      return
    }
    var network = CIFARResNet.resnet(depth: 20)
    try Checkpoint.loadState(into: &network, from: url)
    let file = try SafeTensorsFile(contentsOf: url)
    #expect(try network.parameters["conv1.weight"] == file.tensor("conv1.weight"))
    #expect(
      try network.buffers["layer3.2.bn2.running_var"] == file.tensor("layer3.2.bn2.running_var"))
    let logits = network.inference(Tensor(normal: [2, 3, 32, 32], seed: 3))
    #expect(logits.scalars.allSatisfy { $0.isFinite })
  }
}
