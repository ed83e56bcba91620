import Engine
import Results

/// A zoo architecture with its size settings: everything needed to build it again.
public struct ModelSpec: Codable, Hashable, Sendable, CustomStringConvertible {
  /// A name from `Zoo.architectures` (`vgg16`, `resnet56`, `resnet56-b`, `densenet40`, …).
  public var architecture: String
  public var classCount: Int
  public var inputSize: Int
  public var inputChannels: Int
  /// The width multiplier (for DenseNet: the growth rate is scaled by it).
  public var width: Double

  public init(
    architecture: String, classCount: Int = 10, inputSize: Int = 32, inputChannels: Int = 3,
    width: Double = 1
  ) {
    self.architecture = architecture
    self.classCount = classCount
    self.inputSize = inputSize
    self.inputChannels = inputChannels
    self.width = width
  }

  public var description: String {
    "\(architecture) (\(classCount) classes, \(inputChannels)×\(inputSize)×\(inputSize)\(width == 1 ? "" : ", width \(width)"))"
  }

  /// Builds the network with parameters initialised from `seed`.
  public func build(seed: UInt64 = 0) throws -> Network {
    let info = try Zoo.info(architecture)
    if let problem = InputLimits.problem(width, in: InputLimits.width) {
      throw ZooError("the width multiplier \(problem)", fix: "use a width in that range")
    }
    if let problem = InputLimits.problem(inputSize, in: InputLimits.inputSize) {
      throw ZooError("the input size \(problem)", fix: "use an input size in that range")
    }
    if let problem = InputLimits.problem(classCount, in: InputLimits.classes) {
      throw ZooError("the class count \(problem)", fix: "use a class count in that range")
    }
    guard inputChannels >= 1, inputChannels <= 64 else {
      throw ZooError(
        "\(classCount) classes and \(inputChannels) input channels",
        fix: "use at least 2 classes and 1 channel")
    }
    guard inputSize >= info.minimumInputSize(inputSize) else {
      throw ZooError(
        "\(architecture) needs inputs of at least \(info.minimumInputSize(inputSize)) pixels, got \(inputSize)",
        fix: "use a larger input size or another architecture")
    }
    return info.build(self, seed)
  }
}

/// A model-zoo error a user can cause (an unknown name, an impossible size).
public struct ZooError: Error, CustomStringConvertible {
  public var message: String
  public var fix: String
  public init(_ message: String, fix: String) {
    self.message = message
    self.fix = fix
  }
  public var description: String { "\(message). Fix: \(fix)." }
}

/// The model zoo: the architectures of the OCNNA paper and the CIFAR ResNets.
public enum Zoo {
  /// A catalogue entry with the code that builds it.
  public struct Architecture: Sendable {
    public var entry: ArchitectureName
    /// The smallest input size that leaves at least 1×1 maps, for a given input size
    /// (ResNet-50 and MobileNet choose their stem by the input size).
    let minimumInputSize: @Sendable (Int) -> Int
    let build: @Sendable (ModelSpec, UInt64) -> Network

    public var name: String { entry.slug }
    public var summary: String { entry.summary }
  }

  /// Inputs of this size or more get the ImageNet stems of ResNet-50 and MobileNet.
  public static let imageNetStemThreshold = 64

  /// The builders, by catalogue slug (public so that a test can hold them against the
  /// catalogue).
  public static let builders: [String: Architecture] = {
    var list: [Architecture] = [
      Architecture(
        entry: .vgg16, minimumInputSize: { _ in 32 },
        build: { s, seed in
          VGG.vgg16(
            classCount: s.classCount, width: s.width, inputSize: s.inputSize,
            inputChannels: s.inputChannels, head: .cifar, seed: seed)
        }),
      Architecture(
        entry: .vgg16ImageNet, minimumInputSize: { _ in 32 },
        build: { s, seed in
          VGG.vgg16(
            classCount: s.classCount, width: s.width, inputSize: s.inputSize,
            inputChannels: s.inputChannels, head: .imageNet, seed: seed)
        }),
      Architecture(
        entry: .resnet50, minimumInputSize: { $0 >= imageNetStemThreshold ? 64 : 8 },
        build: { s, seed in
          ResNet50.resnet50(
            classCount: s.classCount, width: s.width, inputSize: s.inputSize,
            inputChannels: s.inputChannels,
            stem: s.inputSize >= imageNetStemThreshold ? .imageNet : .cifar, seed: seed)
        }),
      Architecture(
        entry: .densenet40, minimumInputSize: { _ in 4 },
        build: { s, seed in
          DenseNet.densenet40(
            classCount: s.classCount, growthRate: max(1, Int((12 * s.width).rounded())),
            inputSize: s.inputSize, inputChannels: s.inputChannels, seed: seed)
        }),
      Architecture(
        entry: .mobilenetV1, minimumInputSize: { $0 >= imageNetStemThreshold ? 64 : 16 },
        build: { s, seed in
          MobileNet.mobilenetV1(
            classCount: s.classCount, width: s.width, inputSize: s.inputSize,
            inputChannels: s.inputChannels,
            variant: s.inputSize >= imageNetStemThreshold ? .imageNet : .cifar, seed: seed)
        }),
    ]
    for depth in ArchitectureName.cifarResNetDepths {
      for shortcut in CIFARResNet.Shortcut.allCases {
        list.append(
          Architecture(
            entry: .cifarResNet(depth: depth, optionB: shortcut == .b),
            minimumInputSize: { _ in 8 },
            build: { s, seed in
              CIFARResNet.resnet(
                depth: depth, shortcut: shortcut, classCount: s.classCount, width: s.width,
                inputSize: s.inputSize, inputChannels: s.inputChannels, seed: seed)
            }))
      }
    }
    return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
  }()

  /// Every catalogue architecture with its builder, in the catalogue's order.
  public static let architectures: [Architecture] = ArchitectureName.all.compactMap {
    builders[$0.slug]
  }

  /// The architecture called `name`, or an error listing the names.
  public static func info(_ name: String) throws -> Architecture {
    guard let architecture = architectures.first(where: { $0.name == name }) else {
      throw ZooError(
        "'\(name)' is not a zoo architecture",
        fix: "use one of \(architectures.map(\.name).joined(separator: ", "))")
    }
    return architecture
  }
}
