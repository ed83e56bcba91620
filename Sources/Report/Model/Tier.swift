import Foundation

/// Which accuracy a comparison reads: the pruned network as the criterion left it, before
/// any fine-tuning (what the criterion alone kept), or after the cell's fine-tuning budget
/// (what the literature reports). Pruning papers give both when they can; a criterion can
/// win one tier and lose the other, so the report answers for each.
public enum Tier: String, CaseIterable, Sendable {
  case fineTuned = "fine-tuned"
  case zeroShot = "zero-shot"

  /// A one-line definition for captions.
  public var meaning: String {
    switch self {
    case .fineTuned: "accuracy after the cell's fine-tuning budget"
    case .zeroShot: "accuracy right after pruning, before any fine-tuning"
    }
  }
}
