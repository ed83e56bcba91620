import Foundation

/// Numerically stable softmax helpers over the rows of a `[N, K]` logits matrix.
enum Softmax {
  /// Row-wise softmax of `logits / temperature`, in Double for stable sums.
  static func probabilities(_ logits: Tensor, temperature: Float = 1) -> [[Double]] {
    precondition(logits.rank == 2, "softmax: logits \(logits.shape) should be [N, K]")
    let (n, k) = (logits.shape[0], logits.shape[1])
    return (0..<n).map { i in
      let row = (0..<k).map { Double(logits.scalars[i * k + $0]) / Double(temperature) }
      let top = row.max() ?? 0
      let exps = row.map { exp($0 - top) }
      let total = exps.reduce(0, +)
      return exps.map { $0 / total }
    }
  }
}
