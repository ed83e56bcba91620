/// Training-time augmentation: a random crop after zero padding, and a horizontal flip.
public struct Augmentation: Codable, Hashable, Sendable {
  /// Pixels of zero padding on each side before a random crop back to the image size
  /// (0: no crop).
  public var cropPadding: Int
  public var horizontalFlip: Bool

  public init(cropPadding: Int = 0, horizontalFlip: Bool = false) {
    self.cropPadding = cropPadding
    self.horizontalFlip = horizontalFlip
  }

  public static let none = Augmentation()
  /// The standard CIFAR augmentation: pad 4, random 32×32 crop, random flip.
  public static let standard = Augmentation(cropPadding: 4, horizontalFlip: true)
}
