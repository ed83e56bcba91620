import Foundation

/// Knowledge-distillation loss (Hinton, Vinyals & Dean, "Distilling the Knowledge in a
/// Neural Network", arXiv:1503.02531), as docs/method.md §8 defines it:
///
///   loss = α · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) · CE(s, y)
///
/// averaged over the batch, where `s` are the student's logits and `t` the teacher's. The
/// T² factor keeps the soft term's gradient on the scale of the hard term's.
public enum Distillation {
  public static func lossAndGradient(
    student: Tensor, teacher: Tensor, labels: [Int], temperature: Float = 4, alpha: Float = 0.9
  ) -> (loss: Float, gradient: Tensor) {
    precondition(
      student.shape == teacher.shape,
      "distillation: student \(student.shape) vs teacher \(teacher.shape)")
    let (n, k) = (student.shape[0], student.shape[1])
    let t = Double(temperature), a = Double(alpha)
    let soft = CrossEntropy.lossAndGradient(logits: student, labels: labels)
    let studentLog = Softmax.logProbabilities(student, temperature: temperature)
    let teacherLog = Softmax.logProbabilities(teacher, temperature: temperature)
    var kl = 0.0
    var gradient = Tensor(zeros: student.shape)
    for i in 0..<n {
      for j in 0..<k {
        let p = exp(teacherLog[i][j]), q = exp(studentLog[i][j])
        if p > 0 { kl += p * (teacherLog[i][j] - studentLog[i][j]) }
        // d/ds of T²·KL = T·(q − p); averaged over the batch.
        let softGradient = a * t * (q - p) / Double(n)
        gradient.scalars[i * k + j] = Float(
          softGradient + (1 - a) * Double(soft.gradient.scalars[i * k + j]))
      }
    }
    let loss = a * t * t * kl / Double(n) + (1 - a) * Double(soft.loss)
    return (Float(loss), gradient)
  }
}
