import Results

extension ImageOutcomes {
  /// The per-image correctness behind `tier`'s accuracy.
  func bits(_ tier: Tier) -> OutcomeBits? {
    tier == .fineTuned ? pruned : (prunedZeroShot ?? prunedBeforeFineTuning)
  }
}
