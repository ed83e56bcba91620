/// An importance criterion ocnna measures, with how reports name and cite it.
///
/// This is the one catalogue of criteria: the factory in Pruning (`Criteria.make`) builds
/// each entry's scoring code, grids and the command line accept exactly these names, run
/// keys read their code versions, cost estimates their use of calibration images, and the
/// report their names, citations and display order. A criterion without an entry here has
/// no name to be run under.
public struct CriterionName: Hashable, Sendable {
  /// What scoring costs beyond reading the weights.
  public enum CalibrationUse: Sendable {
    /// Scores come from the weights alone.
    case weightsOnly
    /// Forward passes over the calibration images, reading activations.
    case forward
    /// Forward and backward passes over the calibration images.
    case forwardAndBackward
  }

  /// The name grids, the command line and results use (`fpgm`).
  public var slug: String
  /// How reports print it ("FPGM").
  public var displayName: String
  /// The paper it comes from, or what it is.
  public var citation: String
  public var calibration: CalibrationUse
  /// The version of its scoring code; bumped when a change moves its numbers, so that
  /// results made before are not reused as current (part of every run key).
  public var codeVersion: Int
  /// The criterion's colour in every chart (palette slot `s0`…`s7` of the site's style),
  /// so that a method keeps its colour from page to page.
  public var chartSlot: Int
  /// The name of the published method it re-implements in `Data/baselines` (its `method`
  /// field), so that the measured and the published pages of one method link each other.
  public var publishedAs: String? = nil

  public static let ocnna = CriterionName(
    slug: "ocnna", displayName: "OCNNA",
    citation:
      "Balderas, Lastra & Benítez, Optimizing Convolutional Neural Network Architecture, arXiv:2401.01361 (2023); Mathematics 12(19):3032 (2024)",
    calibration: .forward, codeVersion: 1, chartSlot: 0)
  public static let random = CriterionName(
    slug: "random", displayName: "Random",
    citation: "Random scores (seeded): the floor every method must beat", calibration: .weightsOnly,
    codeVersion: 2, chartSlot: 1)
  public static let l1 = CriterionName(
    slug: "l1", displayName: "L1-norm",
    citation: "Li et al., Pruning Filters for Efficient ConvNets, ICLR 2017",
    calibration: .weightsOnly,
    codeVersion: 1, chartSlot: 2, publishedAs: "L1 (PFEC)")
  public static let l2 = CriterionName(
    slug: "l2", displayName: "L2-norm", citation: "L2-norm of each filter's weights",
    calibration: .weightsOnly, codeVersion: 1, chartSlot: 3)
  public static let fpgm = CriterionName(
    slug: "fpgm", displayName: "FPGM",
    citation: "He et al., Filter Pruning via Geometric Median, CVPR 2019",
    calibration: .weightsOnly,
    codeVersion: 1, chartSlot: 4, publishedAs: "FPGM")
  public static let hrank = CriterionName(
    slug: "hrank", displayName: "HRank",
    citation: "Lin et al., HRank: Filter Pruning using High-Rank Feature Map, CVPR 2020",
    calibration: .forward, codeVersion: 1, chartSlot: 5, publishedAs: "HRank")
  public static let slimming = CriterionName(
    slug: "slimming", displayName: "Network Slimming",
    citation:
      "Liu et al., Learning Efficient Convolutional Networks through Network Slimming, ICCV 2017",
    calibration: .weightsOnly, codeVersion: 1, chartSlot: 6, publishedAs: "Network Slimming")
  public static let taylor = CriterionName(
    slug: "taylor", displayName: "Taylor (first order)",
    citation: "Molchanov et al., Importance Estimation for Neural Network Pruning, CVPR 2019",
    calibration: .forwardAndBackward, codeVersion: 1, chartSlot: 7, publishedAs: "Taylor-FO")

  /// Every criterion, in the order reports list them (OCNNA first, then the floor).
  public static let all: [CriterionName] = [
    .ocnna, .random, .l1, .l2, .fpgm, .hrank, .slimming, .taylor,
  ]

  /// The entry called `slug`, or nil.
  public static func named(_ slug: String) -> CriterionName? { all.first { $0.slug == slug } }

  /// The slugs, as help texts and error messages list them.
  public static var slugs: [String] { all.map(\.slug) }
}
