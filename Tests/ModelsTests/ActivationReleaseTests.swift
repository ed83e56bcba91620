import Engine
import Models
import Testing

/// A training step's forward pass releases the outputs backward never reads; the
/// gradients must be exactly those of a pass that keeps everything, on every zoo family
/// (max and average pooling, residual sums with option-A padding, concatenation,
/// depthwise convolutions, flatten and linear heads).
struct ActivationReleaseTests {
  static let networks: [(String, @Sendable () -> Network)] = [
    ("vgg16 ×0.125", { VGG.vgg16(classCount: 10, width: 0.125, seed: 1) }),
    ("resnet20", { CIFARResNet.resnet(depth: 20, shortcut: .a, classCount: 10, seed: 1) }),
    ("densenet40 ×0.25", { DenseNet.densenet40(classCount: 10, growthRate: 3, seed: 1) }),
    (
      "mobilenet-v1 ×0.25",
      {
        MobileNet.mobilenetV1(classCount: 10, width: 0.25, inputSize: 32, variant: .cifar, seed: 1)
      }
    ),
  ]

  @Test(arguments: networks.map(\.0))
  func releasingUnneededOutputsKeepsTheGradientsExact(name: String) {
    var network = Self.networks.first { $0.0 == name }!.1()
    let input = Tensor(normal: [2] + network.inputShape, seed: 3)
    let labels = [1, 7]
    var everything = network
    let full = everything.forward(input, mode: .train, seed: 5)
    let lean = network.forward(input, mode: .train, seed: 5, keepingOnlyWhatBackwardNeeds: true)
    let released = lean.outputs.filter { $0 == nil }.count
    #expect(released > 0, "nothing was released in \(name)")
    #expect(full.outputs.allSatisfy { $0 != nil })
    let gradient = CrossEntropy.lossAndGradient(logits: full.output, labels: labels).gradient
    let a = everything.backward(full, outputGradient: gradient).parameters
    let b = network.backward(lean, outputGradient: gradient).parameters
    #expect(a.names == b.names)
    for (x, y) in zip(a.tensors, b.tensors) { #expect(x.scalars == y.scalars) }
  }
}
