/// How a cell is measured beyond its criterion and policy: which layers are in scope,
/// whether BatchNorm statistics are re-estimated before the zero-shot evaluation, and how
/// ties between equal scores are broken. Recorded in every cell that uses it.
///
/// A cell without one (`RunCell.pruningProtocol == nil`) is measured under protocol 1,
/// the 135 `cifar10-cpu` results: every coupled group prunable with raw scores, no
/// BatchNorm re-estimation, ties broken by channel index. Their run keys stay as they were.
public struct PruningProtocol: Codable, Hashable, Sendable {
  public var scope: PruningScope
  /// Training images (unaugmented, drawn with the cell's seed) over which the pruned
  /// network's BatchNorm running statistics are recomputed, with no gradient step, before
  /// the zero-shot evaluation and fine-tuning; 0: not re-estimated.
  public var batchNormImages: Int

  public init(scope: PruningScope = .literature, batchNormImages: Int = 1024) {
    self.scope = scope
    self.batchNormImages = batchNormImages
  }

  /// Protocol 2, the literature's: its scope, BatchNorm re-estimated on 1,024 images.
  public static let literature = PruningProtocol()

  /// The name every page gives a cell's protocol, so that no view mixes two unnamed:
  /// `protocol 2: literature scope, BN re-estimated on 1024 images`, or `protocol 1` for a
  /// cell without one.
  public static func name(_ pruningProtocol: PruningProtocol?) -> String {
    pruningProtocol.map { "protocol 2: \($0.label)" } ?? "protocol 1"
  }

  /// One line on what a protocol measures, for captions: the scope's meaning, or protocol
  /// 1's (damage at pruning time over every group the graph allows).
  public static func meaning(_ pruningProtocol: PruningProtocol?) -> String {
    pruningProtocol?.scope.meaning
      ?? "every channel group the dependency graph allows (residual streams across stages included), scores averaged over a coupled group without normalisation, BatchNorm statistics left as the original's"
  }

  /// `literature scope, BN re-estimated on 1024 images`.
  public var label: String {
    "\(scope.rawValue) scope, "
      + (batchNormImages > 0
        ? "BN re-estimated on \(batchNormImages) images" : "BN not re-estimated")
  }
}
