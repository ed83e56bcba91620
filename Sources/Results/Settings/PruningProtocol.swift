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

  /// `literature scope, BN re-estimated on 1024 images`.
  public var label: String {
    "\(scope.rawValue) scope, "
      + (batchNormImages > 0
        ? "BN re-estimated on \(batchNormImages) images" : "BN not re-estimated")
  }
}
