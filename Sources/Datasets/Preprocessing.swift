/// Per-channel normalisation: pixel / 255, then (value − mean) / std.
public struct Normalization: Codable, Hashable, Sendable {
  public var mean: [Float]
  public var std: [Float]

  public init(mean: [Float], std: [Float]) {
    precondition(
      mean.count == std.count && std.allSatisfy { $0 > 0 },
      "Normalization: mean \(mean) and std \(std) must have one positive std per channel")
    self.mean = mean
    self.std = std
  }

  /// CIFAR-10's training-set statistics.
  public static let cifar10 = Normalization(
    mean: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616])
  /// The statistics of the JPEG re-encoding of CIFAR-10 in `../shared/data`.
  public static let cifar10JPEG = Normalization(
    mean: [0.4913, 0.4821, 0.4465], std: [0.2452, 0.2428, 0.2606])
  /// CIFAR-100's training-set statistics.
  public static let cifar100 = Normalization(
    mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762])
  /// ImageNet's statistics, also used by the pretrained CIFAR ResNets of `../shared/data`.
  public static let imageNet = Normalization(
    mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
  /// Fashion-MNIST's training-set statistics.
  public static let fashionMNIST = Normalization(mean: [0.2860], std: [0.3530])
  /// Centres [0, 1] pixels on zero.
  public static func centred(channels: Int) -> Normalization {
    Normalization(
      mean: [Float](repeating: 0.5, count: channels), std: [Float](repeating: 0.25, count: channels)
    )
  }
}
