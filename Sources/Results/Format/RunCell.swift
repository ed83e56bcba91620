import Foundation

/// One cell of a grid: one original network, pruned by one method at one operating point
/// with one seed, then fine-tuned and evaluated. Everything that changes its numbers is here.
public struct RunCell: Codable, Hashable, Sendable {
  public var architecture: String
  public var width: Double
  public var dataset: GridDataset
  public var original: OriginalSource
  public var method: String
  public var policy: PruningPolicy
  public var calibration: Int
  public var varianceShare: Double
  public var activation: ActivationSite
  public var fineTuning: FineTuning
  public var seed: UInt64
  /// Scope, BatchNorm re-estimation and tie-breaking; nil: protocol 1 (`PruningProtocol`).
  /// Left out of the JSON when nil, so that protocol-1 run keys are unchanged.
  public var pruningProtocol: PruningProtocol?
  /// How OCNNA aggregates F over images; nil: the paper's coefficient of variation.
  public var ocnnaReading: OCNNAReading?

  public init(
    architecture: String, width: Double, dataset: GridDataset, original: OriginalSource,
    method: String, policy: PruningPolicy, calibration: Int, varianceShare: Double,
    activation: ActivationSite, fineTuning: FineTuning, seed: UInt64,
    pruningProtocol: PruningProtocol? = nil, ocnnaReading: OCNNAReading? = nil
  ) {
    self.architecture = architecture
    self.width = width
    self.dataset = dataset
    self.original = original
    self.method = method
    self.policy = policy
    self.calibration = calibration
    self.varianceShare = varianceShare
    self.activation = activation
    self.fineTuning = fineTuning
    self.seed = seed
    self.pruningProtocol = pruningProtocol
    self.ocnnaReading = ocnnaReading
  }

  /// The method with its OCNNA variant when it is not the default (`ocnna/raw`), so that
  /// the curves of two readings never merge.
  public var methodLabel: String {
    guard method == CriterionName.ocnna.slug else { return method }
    if let variant = OCNNAVariant.of(site: activation, reading: ocnnaReading ?? .standard) {
      return variant.methodLabel
    }
    return "\(method)/\(activation.rawValue)-\((ocnnaReading ?? .standard).label)"
  }

  /// A one-line name for logs and tables:
  /// `vgg16 ×0.25 · CIFAR-10 (JPEG q75) · ocnna percentile k=50 · kd 1 ep · seed 0`.
  public var label: String {
    let tune =
      fineTuning.mode == .none
      ? "no fine-tuning"
      : "\(fineTuning.mode.rawValue) \(fineTuning.epochs.map { PruningPolicy.compact($0) } ?? String(fineTuning.recipe.epochs)) ep"
    let measured = pruningProtocol.map { " · \($0.label)" } ?? ""
    return
      "\(architectureLabel) · \(dataset.label) · \(methodLabel) \(policy) · \(tune)\(measured) · seed \(seed)"
  }

  /// The architecture and its width, as `vgg16 ×0.25`.
  public var architectureLabel: String {
    width == 1 ? architecture : "\(architecture) ×\(Self.format(width))"
  }

  /// Matches the same experiment across runs whose code versions differ: everything but
  /// the seed-independent identity of data and code (used by `compare`).
  public var comparisonKey: String { label }

  /// The same cell without its seed: the seeds of one operating point.
  public var pointKey: String {
    var copy = self
    copy.seed = 0
    return copy.label
  }

  /// The curve this cell belongs to: architecture, width, dataset and method.
  public var curveKey: String {
    let measured = pruningProtocol.map { " · \($0.label)" } ?? ""
    return "\(architectureLabel) · \(dataset.label) · \(methodLabel)\(measured)"
  }

  static func format(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : String(x)
  }
}
