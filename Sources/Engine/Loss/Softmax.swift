import Foundation

/// Numerically stable softmax helpers over the rows of a `[N, K]` logits matrix, in Double.
enum Softmax {
  /// Row-wise log-softmax of `logits / temperature`: z − max − log Σ exp(z − max), which
  /// stays finite where the probabilities themselves underflow.
  static func logProbabilities(_ logits: Tensor, temperature: Float = 1) -> [[Double]] {
    precondition(logits.rank == 2, "softmax: logits \(logits.shape) should be [N, K]")
    let (n, k) = (logits.shape[0], logits.shape[1])
    return (0..<n).map { i in
      let row = (0..<k).map { Double(logits.scalars[i * k + $0]) / Double(temperature) }
      let top = row.max() ?? 0
      let logTotal = log(row.reduce(0) { $0 + exp($1 - top) })
      return row.map { $0 - top - logTotal }
    }
  }
}
