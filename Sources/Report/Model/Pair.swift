import Foundation
import Results

/// An (architecture, dataset) pair of the report: the unit of the overview matrix and of
/// a pair page. Measured results and recorded (published) entries meet here by family
/// name ("ResNet-56", "CIFAR-10"), whatever scale or variant each was measured at.
public struct Pair: Hashable, Comparable, Sendable {
  public var architecture: String
  public var dataset: String

  public init(architecture: String, dataset: String) {
    self.architecture = architecture
    self.dataset = dataset
  }

  /// A file-name-safe id: `resnet-56--cifar-10`.
  public var slug: String {
    "\(RecordedMethod.slug(architecture))--\(RecordedMethod.slug(dataset))"
  }

  public var title: String { "\(architecture) on \(dataset)" }

  public static func < (a: Pair, b: Pair) -> Bool {
    (
      Families.architectureOrder(a.architecture), a.architecture, Families.datasetOrder(a.dataset),
      a.dataset
    )
      < (
        Families.architectureOrder(b.architecture), b.architecture,
        Families.datasetOrder(b.dataset), b.dataset
      )
  }
}

/// The family names measured cells map to, so that they meet the recorded entries.
public enum Families {
  /// `vgg16` → `VGG-16`, `resnet56-b` → `ResNet-56`, `mobilenet-v1` → `MobileNet V1`.
  public static func architecture(_ zoo: String) -> String {
    let base = zoo.hasSuffix("-b") ? String(zoo.dropLast(2)) : zoo
    switch base {
    case "vgg16", "vgg16-imagenet": return "VGG-16"
    case "densenet40": return "DenseNet-40"
    case "mobilenet-v1": return "MobileNet V1"
    default:
      if base.hasPrefix("resnet"), let depth = Int(base.dropFirst(6)) { return "ResNet-\(depth)" }
      return zoo
    }
  }

  /// `cifar10` and `cifar10-jpeg` → `CIFAR-10` (the catalogue's family); the variant is
  /// shown as the point's scale.
  public static func dataset(_ catalog: String) -> String {
    DatasetName.named(catalog)?.family ?? catalog
  }

  static func architectureOrder(_ name: String) -> Int {
    ["VGG-16", "ResNet-50", "DenseNet-40", "MobileNet V1"].firstIndex(of: name) ?? 10
  }

  static func datasetOrder(_ name: String) -> Int {
    ["CIFAR-10", "CIFAR-100", "ImageNet (ILSVRC-2012)"].firstIndex(of: name) ?? 10
  }
}
