import Engine
import Foundation
import TestSupport
import Testing

struct LossTests {
  @Test(arguments: [Float(0), 0.1])
  func crossEntropyGradient(smoothing: Float) {
    let logits = Tensor(normal: [4, 5], standardDeviation: 2, seed: 1)
    let labels = [0, 3, 4, 1]
    let g = CrossEntropy.lossAndGradient(logits: logits, labels: labels, labelSmoothing: smoothing)
      .gradient
    let one = Tensor(repeating: 1, shape: [1])
    let error = GradientCheck.error(
      analytic: g,
      of: {
        Tensor(
          shape: [1],
          scalars: [
            CrossEntropy.lossAndGradient(logits: $0, labels: labels, labelSmoothing: smoothing).loss
          ])
      },
      at: logits, projection: one, step: 1e-2)
    #expect(error < GradientCheck.tolerance)
  }

  @Test func crossEntropyValueAndStability() {
    // Uniform logits over K classes give log K; huge logits stay finite.
    let uniform = CrossEntropy.lossAndGradient(logits: Tensor(zeros: [2, 4]), labels: [1, 2]).loss
    #expect(abs(uniform - Float(log(4.0))) < 1e-6)
    let huge = CrossEntropy.lossAndGradient(
      logits: Tensor(shape: [1, 2], scalars: [1000, -1000]), labels: [1])
    let finite = huge.gradient.scalars.allSatisfy { $0.isFinite }
    #expect(huge.loss.isFinite)
    #expect(abs(huge.loss - 2000) < 1e-2)
    #expect(finite)
  }

  @Test func distillationMatchesItsDefinition() {
    let student = Tensor(normal: [3, 4], standardDeviation: 2, seed: 1)
    let teacher = Tensor(normal: [3, 4], standardDeviation: 2, seed: 2)
    let labels = [0, 2, 3]
    let (T, alpha) = (4.0, 0.9)
    // loss = α T² KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) CE(s, y), batch mean, in Double.
    func softmax(_ row: [Double]) -> [Double] {
      let m = row.max()!
      let e = row.map { exp($0 - m) }
      return e.map { $0 / e.reduce(0, +) }
    }
    var expected = 0.0
    for i in 0..<3 {
      let s = (0..<4).map { Double(student.scalars[i * 4 + $0]) }
      let t = (0..<4).map { Double(teacher.scalars[i * 4 + $0]) }
      let p = softmax(t.map { $0 / T }), q = softmax(s.map { $0 / T })
      let kl = zip(p, q).map { $0 * log($0 / $1) }.reduce(0, +)
      let ce = -log(softmax(s)[labels[i]])
      expected += (alpha * T * T * kl + (1 - alpha) * ce) / 3
    }
    let result = Distillation.lossAndGradient(
      student: student, teacher: teacher, labels: labels, temperature: 4, alpha: 0.9)
    #expect(abs(Double(result.loss) - expected) < 1e-5)
    let one = Tensor(repeating: 1, shape: [1])
    let error = GradientCheck.error(
      analytic: result.gradient,
      of: {
        Tensor(
          shape: [1],
          scalars: [
            Distillation.lossAndGradient(student: $0, teacher: teacher, labels: labels).loss
          ])
      },
      at: student, projection: one)
    #expect(error < GradientCheck.tolerance)
  }

  @Test func accuracyCountsTopK() {
    let logits = Tensor(shape: [2, 3], scalars: [0.1, 0.7, 0.2, 0.5, 0.3, 0.2])
    #expect(Accuracy.correctCount(logits: logits, labels: [1, 1]) == 1)
    #expect(Accuracy.correctCount(logits: logits, labels: [2, 1], k: 2) == 2)
  }

  /// Constant or non-finite logits are never right: a zeroed classifier or a diverged
  /// network once scored 100 % because ties and NaN counted as correct.
  @Test func tiesAndNonFiniteLogitsCountAgainstTheLabel() {
    let constant = Tensor(shape: [2, 4], scalars: [Float](repeating: 0, count: 8))
    #expect(Accuracy.correctCount(logits: constant, labels: [0, 3]) == 0)
    // With k = 2, a label tied with one other logit is still within the top two.
    let tiedPair = Tensor(shape: [1, 3], scalars: [1, 1, 0])
    #expect(Accuracy.correctCount(logits: tiedPair, labels: [0]) == 0)
    #expect(Accuracy.correctCount(logits: tiedPair, labels: [0], k: 2) == 1)
    let nan = Tensor(shape: [3, 3], scalars: [.nan, .nan, .nan, 5, .nan, 0, 5, 0, .infinity])
    #expect(Accuracy.correctCount(logits: nan, labels: [0, 0, 0], k: 3) == 0)
  }
}
