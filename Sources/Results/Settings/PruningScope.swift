/// Which layers a pruning run may narrow (docs/method.md §5a).
///
/// The scope decides more of a comparison than the criterion does when it is wrong: with
/// option-A shortcuts one dependency group holds the residual channels of all three
/// stages of a CIFAR ResNet, and ranking it on one mean of scores whose scale differs by
/// stage let the stage-1 channels kept decide the order of methods (protocol 1).
public enum PruningScope: String, Codable, Sendable, CaseIterable {
  /// The pruning literature's default per architecture (Li et al. 2017, HRank, FPGM,
  /// Torch-Pruning's benchmarks): the convolutions inside a block, never the residual
  /// stream, the stem or the block outputs. `ScopePreset` (Models) lists them.
  case literature
  /// Every group the dependency graph allows, residual streams included, with scores
  /// normalised per producing layer inside a coupled group: an ablation.
  case coupled

  /// One line on what the scope prunes, for help texts and the report.
  public var meaning: String {
    switch self {
    case .literature:
      "the literature's layers per architecture (inner convs of each block; stem, block outputs and shortcuts locked)"
    case .coupled:
      "every group the dependency graph allows, residual streams included, scores normalised per producing layer"
    }
  }

  /// The names, as help texts and error messages list them.
  public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
