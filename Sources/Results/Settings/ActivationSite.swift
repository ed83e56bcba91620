/// Where activation-based criteria read a convolution's output (docs/method.md §2).
public enum ActivationSite: String, Codable, Sendable, CaseIterable {
  /// What the next layer consumes: after the conv's BatchNorm, and after a ReLU that
  /// directly follows.
  case postActivation = "post"
  /// The convolution's own output.
  case raw
}
