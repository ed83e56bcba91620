/// How OCNNA turns a filter's per-image values F into its score, beyond where the maps are
/// read (`ActivationSite`). The paper fixes the coefficient of variation; the ablations
/// say how much of OCNNA's ranking the variation carries (docs/method.md §4).
///
/// PCA over the images of a filter (rather than the rows of each map) is not built yet:
/// it needs symmetric eigenvectors, which the engine's eigen-solver does not compute.
public struct OCNNAReading: Codable, Hashable, Sendable {
  /// How the per-image values F become one score.
  public enum Aggregate: String, Codable, Sendable, CaseIterable {
    /// std(F) / mean(F): the paper's coefficient of variation (high = important).
    case cv
    /// mean(F): an ablation without the variation.
    case meanF
    /// mean(F) / std(F): the coefficient of variation read the other way round. A filter
    /// whose F does not vary at all scores 0 here, as under `cv` (a rare tie, not a
    /// ranking the ablation is meant to test).
    case cvInverted = "cv-inverted"
  }

  public var aggregate: Aggregate

  public init(aggregate: Aggregate = .cv) {
    self.aggregate = aggregate
  }

  /// The paper's reading as protocol 1 implemented it.
  public static let standard = OCNNAReading()
}

/// OCNNA's named variants: where the maps are read and how they are scored. This is the
/// one catalogue of their names; grids write them as `ocnna/<slug>` in a method list.
public struct OCNNAVariant: Hashable, Sendable {
  public var slug: String
  public var site: ActivationSite
  public var reading: OCNNAReading
  /// What it is, for help texts and the report.
  public var meaning: String

  public static let post = OCNNAVariant(
    slug: "post", site: .postActivation, reading: .standard,
    meaning: "maps after BatchNorm and ReLU, PCA over each map's rows, CV (the default)")
  public static let bn = OCNNAVariant(
    slug: "bn", site: .batchNorm, reading: .standard,
    meaning: "maps after BatchNorm, before ReLU")
  public static let raw = OCNNAVariant(
    slug: "raw", site: .raw, reading: .standard, meaning: "the convolution's own maps")
  public static let meanF = OCNNAVariant(
    slug: "meanF", site: .postActivation, reading: OCNNAReading(aggregate: .meanF),
    meaning: "ablation: mean of F instead of its coefficient of variation")
  public static let cvInverted = OCNNAVariant(
    slug: "cv-inverted", site: .postActivation, reading: OCNNAReading(aggregate: .cvInverted),
    meaning: "ablation: mean(F) / std(F), the CV read the other way round")

  public static let all: [OCNNAVariant] = [.post, .bn, .raw, .meanF, .cvInverted]

  /// The variant called `slug`, or nil.
  public static func named(_ slug: String) -> OCNNAVariant? { all.first { $0.slug == slug } }

  /// The variant a cell's settings describe, or nil when they match none.
  public static func of(site: ActivationSite, reading: OCNNAReading) -> OCNNAVariant? {
    all.first { $0.site == site && $0.reading == reading }
  }

  /// The slugs, as help texts and error messages list them.
  public static var slugs: String { all.map(\.slug).joined(separator: ", ") }
}
