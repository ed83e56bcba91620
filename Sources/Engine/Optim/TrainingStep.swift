extension Network {
  /// One optimisation step on a labelled batch: forward in train mode, the loss
  /// (softmax cross-entropy, or distillation from `teacherLogits` when given), backward,
  /// and an SGD update.
  ///
  /// - Returns: the batch's mean loss and how many of its examples were classified right
  ///   (before the update).
  @discardableResult
  public mutating func trainStep(
    input: Tensor, labels: [Int], optimizer: inout SGD, learningRate: Float,
    labelSmoothing: Float = 0, seed: UInt64 = 0, teacherLogits: Tensor? = nil,
    temperature: Float = 4, alpha: Float = 0.9
  ) -> (loss: Float, correct: Int) {
    let pass = forward(input, mode: .train, seed: seed, keepingOnlyWhatBackwardNeeds: true)
    let (loss, gradient) =
      teacherLogits.map {
        Distillation.lossAndGradient(
          student: pass.output, teacher: $0, labels: labels, temperature: temperature, alpha: alpha)
      }
      ?? CrossEntropy.lossAndGradient(
        logits: pass.output, labels: labels, labelSmoothing: labelSmoothing)
    let correct = Accuracy.correctCount(logits: pass.output, labels: labels)
    let gradients = backward(pass, outputGradient: gradient).parameters
    optimizer.step(&parameters, gradients: gradients, learningRate: learningRate)
    return (loss, correct)
  }
}
