import Results

/// The scoring code of each criterion in the catalogue (`CriterionName`).
public enum Criteria {
  /// Every criterion's name, in the catalogue's order.
  public static var names: [String] { CriterionName.slugs }

  /// The criterion called `name` with its options.
  public static func make(
    _ name: String, varianceShare: Double = 0.95, site: ActivationSite = .postActivation,
    reading: OCNNAReading = .standard, seed: UInt64 = 0
  ) throws -> any PruningCriterion {
    guard let entry = CriterionName.named(name) else { throw unknown(name) }
    return switch entry {
    case .ocnna: OCNNACriterion(varianceShare: varianceShare, site: site, reading: reading)
    case .random: RandomCriterion(seed: seed)
    case .l1: WeightCriterion(.l1)
    case .l2: WeightCriterion(.l2)
    case .fpgm: WeightCriterion(.fpgm)
    case .hrank: HRankCriterion(site: site)
    case .slimming: SlimmingCriterion()
    case .taylor: TaylorCriterion(site: site)
    default: throw unknown(name)
    }
  }

  /// The error for a name that is not in the catalogue, listing those that are.
  static func unknown(_ name: String) -> PruningError {
    .invalidOption("'\(name)' is not a criterion; use one of \(names.joined(separator: ", "))")
  }
}
