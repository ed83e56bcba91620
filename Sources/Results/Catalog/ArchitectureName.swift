/// An architecture ocnna knows by name, with how reports group and describe it.
///
/// This is the one catalogue of architecture names: the model zoo (`Zoo` in Models)
/// attaches a builder to each entry, grids are checked against it, and the report puts
/// measured cells under the entry's family ("ResNet-56"), where they meet published
/// results. An architecture without an entry here cannot be named anywhere.
public struct ArchitectureName: Hashable, Sendable {
  /// The zoo name grids, the command line and results use (`resnet56-b`).
  public var slug: String
  /// The architecture the report compares it under, as published results name it:
  /// both shortcut options of a CIFAR ResNet-56 are "ResNet-56".
  public var family: String
  /// One line on what exactly is built.
  public var summary: String

  public static let vgg16 = ArchitectureName(
    slug: "vgg16", family: "VGG-16",
    summary: "VGG-16-BN, CIFAR head (512→512→classes) as in Li et al. / HRank")
  public static let vgg16ImageNet = ArchitectureName(
    slug: "vgg16-imagenet", family: "VGG-16",
    summary: "VGG-16-BN with the ImageNet head (three fully connected layers)")
  public static let resnet50 = ArchitectureName(
    slug: "resnet50", family: "ResNet-50",
    summary: "ResNet-50, bottlenecks 3-4-6-3; ImageNet stem from 64 px, CIFAR stem below")
  public static let densenet40 = ArchitectureName(
    slug: "densenet40", family: "DenseNet-40",
    summary: "DenseNet-40, growth rate 12 × width, no bottleneck or compression")
  public static let mobilenetV1 = ArchitectureName(
    slug: "mobilenet-v1", family: "MobileNet V1",
    summary: "MobileNet V1; ImageNet strides from 64 px, stride-1 stem below")

  /// The CIFAR ResNets of He et al. (2016) with 6n+2 layers.
  public static let cifarResNetDepths = [20, 32, 44, 56, 110]

  /// CIFAR ResNet-`depth` with shortcut option A (zero padding) or B (1×1 conv + BN).
  public static func cifarResNet(depth: Int, optionB: Bool) -> ArchitectureName {
    ArchitectureName(
      slug: optionB ? "resnet\(depth)-b" : "resnet\(depth)", family: "ResNet-\(depth)",
      summary:
        "CIFAR ResNet-\(depth), shortcut option \(optionB ? "B (1×1 conv + BN)" : "A (zero padding)")"
    )
  }

  /// Every zoo architecture, in the order listings show them.
  public static let all: [ArchitectureName] =
    [.vgg16, .vgg16ImageNet, .resnet50, .densenet40, .mobilenetV1]
    + cifarResNetDepths.flatMap { depth in
      [cifarResNet(depth: depth, optionB: false), cifarResNet(depth: depth, optionB: true)]
    }

  /// The entry called `slug`, or nil.
  public static func named(_ slug: String) -> ArchitectureName? { all.first { $0.slug == slug } }

  /// The slugs, as help texts and error messages list them.
  public static var slugs: [String] { all.map(\.slug) }

  /// Families in the order reports list them, including families only published results
  /// use; a family not listed comes after these, alphabetically.
  public static let familyOrder = [
    "VGG-16", "VGG-19", "ResNet-20", "ResNet-32", "ResNet-44", "ResNet-56", "ResNet-110",
    "ResNet-50", "DenseNet-40", "MobileNet V1", "MobileNet V2",
  ]
}
