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

/// The family names measured cells map to, so that they meet the recorded entries: a
/// view of the catalogues (`ArchitectureName`, `DatasetName`).
public enum Families {
  /// `vgg16` → `VGG-16`, `resnet56-b` → `ResNet-56`, `mobilenet-v1` → `MobileNet V1`.
  public static func architecture(_ zoo: String) -> String {
    ArchitectureName.named(zoo)?.family ?? zoo
  }

  /// `cifar10` and `cifar10-jpeg` → `CIFAR-10` (the catalogue's family); the variant is
  /// shown as the point's scale.
  public static func dataset(_ catalog: String) -> String {
    DatasetName.named(catalog)?.family ?? catalog
  }

  static func architectureOrder(_ name: String) -> Int {
    ArchitectureName.familyOrder.firstIndex(of: name) ?? ArchitectureName.familyOrder.count
  }

  static func datasetOrder(_ name: String) -> Int {
    DatasetName.familyOrder.firstIndex(of: name) ?? DatasetName.familyOrder.count
  }
}
