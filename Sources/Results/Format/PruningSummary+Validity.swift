extension PruningSummary {
  /// The first metric that no honest run can produce, as a JSON path and what is wrong,
  /// or nil when every metric is possible.
  ///
  /// Accuracies are fractions in [0, 1]; ratios of a pruned network to its original are
  /// in (0, 1] (pruning never adds); counts are positive with the pruned ones not above
  /// the original; times and latencies are finite and not negative. Such a result is
  /// refused where it is written and where it is read, so that it never reaches a table.
  public var problem: (jsonPath: String, message: String)? {
    let fractions: [(String, Double)] = [
      ("originalTop1", originalTop1), ("originalTop5", originalTop5),
      ("prunedTop1BeforeFineTuning", prunedTop1BeforeFineTuning), ("prunedTop1", prunedTop1),
      ("prunedTop5", prunedTop5),
    ]
    for (field, value) in fractions where !(0...1).contains(value) {
      return ("$.metrics.\(field)", "is \(value); an accuracy is a fraction in [0, 1]")
    }
    let ratios: [(String, Double)] = [
      ("rpr", rpr), ("convolutionRPR", convolutionRPR), ("macsRatio", macsRatio),
    ]
    for (field, value) in ratios where !(value > 0 && value <= 1 + 1e-9) {
      return ("$.metrics.\(field)", "is \(value); a pruned-to-original ratio is in (0, 1]")
    }
    guard accuracyDrop.isFinite, abs(accuracyDrop) <= 100 else {
      return ("$.metrics.accuracyDrop", "is \(accuracyDrop); a drop in points is within ±100")
    }
    let counts: [(String, Int, Int)] = [
      ("prunedParameters", prunedParameters, originalParameters),
      ("prunedMACs", prunedMACs, originalMACs),
    ]
    for (field, pruned, original) in counts where !(pruned > 0 && pruned <= original) {
      return ("$.metrics.\(field)", "is \(pruned); it must be in 1…\(original), the original's")
    }
    let nonNegative: [(String, Double)] =
      [
        ("latencyRatioBatch1", latencyRatioBatch1), ("latencyRatioBatch64", latencyRatioBatch64),
        ("scoringSeconds", scoringSeconds), ("fineTuningSeconds", fineTuningSeconds),
      ] + latencyBatch1.map { ("latencyBatch1", $0) }
      + latencyBatch64.map { ("latencyBatch64", $0) }
    for (field, value) in nonNegative where !(value.isFinite && value >= 0) {
      return ("$.metrics.\(field)", "is \(value); it must be a finite, non-negative number")
    }
    return nil
  }
}
