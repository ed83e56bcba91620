import Foundation

/// Softmax cross-entropy, averaged over the batch, with optional label smoothing.
///
/// With smoothing ε the target is (1 − ε)·one-hot + ε/K (Szegedy et al., "Rethinking the
/// Inception Architecture", CVPR 2016); the gradient with respect to the logits is
/// (softmax − target) / N.
public enum CrossEntropy {
  public static func lossAndGradient(
    logits: Tensor, labels: [Int], labelSmoothing: Float = 0
  ) -> (loss: Float, gradient: Tensor) {
    precondition(
      logits.rank == 2 && logits.shape[0] == labels.count,
      "cross-entropy: logits \(logits.shape) for \(labels.count) labels")
    let (n, k) = (logits.shape[0], logits.shape[1])
    let logProbabilities = Softmax.logProbabilities(logits)
    var gradient = Tensor(zeros: logits.shape)
    var total = 0.0
    let epsilon = Double(labelSmoothing)
    for i in 0..<n {
      precondition(
        labels[i] >= 0 && labels[i] < k, "cross-entropy: label \(labels[i]) not in 0..<\(k)")
      for j in 0..<k {
        let target = (j == labels[i] ? 1 - epsilon : 0) + epsilon / Double(k)
        let logP = logProbabilities[i][j]
        let p = exp(logP)
        if target > 0 { total -= target * logP }
        gradient.scalars[i * k + j] = Float((p - target) / Double(n))
      }
    }
    return (Float(total / Double(n)), gradient)
  }
}
