/// Top-k accuracy from logits.
public enum Accuracy {
  /// How many rows have their label among the `k` largest logits (see `isCorrect`).
  public static func correctCount(logits: Tensor, labels: [Int], k: Int = 1) -> Int {
    precondition(
      logits.rank == 2 && logits.shape[0] == labels.count,
      "accuracy: logits \(logits.shape) for \(labels.count) labels")
    let classes = logits.shape[1]
    var correct = 0
    for (i, label) in labels.enumerated() {
      let row = logits.scalars[(i * classes)..<((i + 1) * classes)]
      if isCorrect(row, label: label, k: k) { correct += 1 }
    }
    return correct
  }

  /// Whether `label` is among the `k` largest of one row of logits.
  ///
  /// Ties count against the label: a logit equal to the label's ranks above it, so a
  /// network with constant logits scores 0, not 100 %. A row with any non-finite logit
  /// is wrong — a diverged network must never look accurate.
  public static func isCorrect(_ row: ArraySlice<Float>, label: Int, k: Int = 1) -> Bool {
    let labelIndex = row.startIndex + label
    let target = row[labelIndex]
    var rank = 0
    for index in row.indices {
      let value = row[index]
      guard value.isFinite else { return false }
      if index != labelIndex && value >= target { rank += 1 }
    }
    return rank < k
  }
}
