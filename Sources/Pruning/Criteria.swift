import Results

/// The criteria by name, as the command line and grid specs name them.
public enum Criteria {
  public static let names = ["ocnna", "random", "l1", "l2", "fpgm", "hrank", "slimming", "taylor"]

  /// The criterion called `name` with its options.
  public static func make(
    _ name: String, varianceShare: Double = 0.95, site: ActivationSite = .postActivation,
    seed: UInt64 = 0
  ) throws -> any PruningCriterion {
    switch name {
    case "ocnna": OCNNACriterion(varianceShare: varianceShare, site: site)
    case "random": RandomCriterion(seed: seed)
    case "l1": WeightCriterion(.l1)
    case "l2": WeightCriterion(.l2)
    case "fpgm": WeightCriterion(.fpgm)
    case "hrank": HRankCriterion(site: site)
    case "slimming": SlimmingCriterion()
    case "taylor": TaylorCriterion(site: site)
    default:
      throw PruningError.invalidOption(
        "'\(name)' is not a criterion; use one of \(names.joined(separator: ", "))")
    }
  }
}
