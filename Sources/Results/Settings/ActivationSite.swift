/// Where activation-based criteria read a convolution's output (docs/method.md §2).
public enum ActivationSite: String, Codable, Sendable, CaseIterable {
  /// What the next layer consumes: after the conv's BatchNorm, and after a ReLU that
  /// directly follows.
  case postActivation = "post"
  /// After the conv's BatchNorm, before the ReLU: signed, nothing clipped to zero.
  case batchNorm = "bn"
  /// The convolution's own output.
  case raw

  /// The names, as help texts and error messages list them.
  public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
