/// Top-k accuracy counts from a `[N, K]` logits matrix.
public enum Accuracy {
  /// How many rows have their label among the `k` largest logits (ties count against).
  public static func correctCount(logits: Tensor, labels: [Int], k: Int = 1) -> Int {
    precondition(
      logits.rank == 2 && logits.shape[0] == labels.count,
      "accuracy: logits \(logits.shape) for \(labels.count) labels")
    let classes = logits.shape[1]
    var correct = 0
    for (i, label) in labels.enumerated() {
      let row = logits.scalars[(i * classes)..<((i + 1) * classes)]
      let target = row[row.startIndex + label]
      let above = row.filter { $0 > target }.count
      if above < k { correct += 1 }
    }
    return correct
  }
}
