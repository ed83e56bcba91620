/// How OCNNA computes a filter's per-image values F and turns them into its score, beyond
/// where the maps are read (`ActivationSite`). The paper fixes PCA, the Frobenius norm and
/// the coefficient of variation but not what one PCA observes (docs/method.md §3); the
/// ablations say how much of OCNNA's ranking the variation carries (§4).
public struct OCNNAReading: Codable, Hashable, Sendable {
  /// What one PCA observes.
  public enum PCAInput: String, Codable, Sendable, CaseIterable {
    /// One PCA per map: the rows of one image's H × W map are the observations (today's
    /// reading, protocol 1's).
    case spatial
    /// One PCA per filter: the images' flattened maps are the observations, centred over
    /// the images; F of an image is the norm of its projection on the kept components.
    case images
  }

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
  public var pcaInput: PCAInput

  public init(aggregate: Aggregate = .cv, pcaInput: PCAInput = .spatial) {
    self.aggregate = aggregate
    self.pcaInput = pcaInput
  }

  enum CodingKeys: String, CodingKey { case aggregate, pcaInput }

  /// `pcaInput` is absent from results written before it existed, and left out when it is
  /// `spatial`, so that their run keys stay what they were.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    aggregate = try c.decode(Aggregate.self, forKey: .aggregate)
    pcaInput = try c.decodeIfPresent(PCAInput.self, forKey: .pcaInput) ?? .spatial
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(aggregate, forKey: .aggregate)
    if pcaInput != .spatial { try c.encode(pcaInput, forKey: .pcaInput) }
  }

  /// `cv`, `meanF`, `cv-inverted`, with `+images` when the PCA runs over images: the
  /// reading in one word, for keys and labels.
  public var label: String {
    pcaInput == .spatial ? aggregate.rawValue : "\(aggregate.rawValue)+\(pcaInput.rawValue)"
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

  public static let images = OCNNAVariant(
    slug: "images", site: .postActivation, reading: OCNNAReading(pcaInput: .images),
    meaning: "one PCA per filter over the images' flattened maps, instead of one per map")

  public static let all: [OCNNAVariant] = [.post, .bn, .raw, .images, .meanF, .cvInverted]

  /// How results and reports name the variant's method: `ocnna` for the default,
  /// `ocnna/raw` for the others (`RunCell.methodLabel`).
  public var methodLabel: String {
    self == .post ? CriterionName.ocnna.slug : "\(CriterionName.ocnna.slug)/\(slug)"
  }

  /// The variant called `slug`, or nil.
  public static func named(_ slug: String) -> OCNNAVariant? { all.first { $0.slug == slug } }

  /// The variant a report's method label names (`ocnna`, `ocnna/raw`), or nil: the inverse
  /// of `methodLabel`.
  public static func labelled(_ label: String) -> OCNNAVariant? {
    all.first { $0.methodLabel == label }
  }

  /// The variant a cell's settings describe, or nil when they match none.
  public static func of(site: ActivationSite, reading: OCNNAReading) -> OCNNAVariant? {
    all.first { $0.site == site && $0.reading == reading }
  }

  /// The slugs, as help texts and error messages list them.
  public static var slugs: String { all.map(\.slug).joined(separator: ", ") }
}
