import Engine
import Foundation
import Testing

/// The eigen-solver against matrices whose eigenvalues are known by construction, so the
/// oracle is independent of any eigen-solver: Q·diag(λ)·Qᵀ with Q orthogonal (a product of
/// Householder reflections), a tridiagonal Toeplitz matrix (closed form), and Gram matrices
/// of known rank (what HRank counts).
struct SymmetricEigenvaluesTests {
  /// Q · diag(values) · Qᵀ, Q = H₁H₂ with Hᵢ = I − 2vvᵀ/vᵀv for seeded random vᵢ.
  static func rotated(_ values: [Double], seed: UInt64) -> [Double] {
    let n = values.count
    var generator = SeededGenerator(seed: seed)
    var q = (0..<(n * n)).map { $0 % (n + 1) == 0 ? 1.0 : 0.0 }
    for _ in 0..<2 {
      let v = (0..<n).map { _ in Double(generator.next() % 2001) / 1000 - 1 }
      let norm2 = v.reduce(0) { $0 + $1 * $1 }
      guard norm2 > 0 else { continue }
      // q ← q · H
      for row in 0..<n {
        var dot = 0.0
        for j in 0..<n { dot += q[row * n + j] * v[j] }
        for j in 0..<n { q[row * n + j] -= 2 * dot * v[j] / norm2 }
      }
    }
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var s = 0.0
        for k in 0..<n { s += q[i * n + k] * values[k] * q[j * n + k] }
        a[i * n + j] = s
      }
    }
    return a
  }

  static func worstError(_ computed: [Double], _ expected: [Double]) -> Double {
    let scale = max(expected.map(abs).max() ?? 1, 1e-300)
    return zip(computed, expected.sorted()).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
  }

  @Test(arguments: [1, 2, 3, 5, 8, 16, 31, 32])
  func rotatedDiagonalGivesItsValues(n: Int) {
    var generator = SeededGenerator(seed: UInt64(n))
    var values = (0..<n).map { _ in Double(generator.next() % 20001) / 100 - 100 }
    if n > 3 {
      values[1] = values[0]  // a repeated eigenvalue
      values[2] = 0
      values[3] = 1e-9  // tiny beside the largest
    }
    let computed = SymmetricEigenvalues.of(Self.rotated(values, seed: UInt64(n) + 7), n: n)
    #expect(computed == computed.sorted(), "ascending order")
    #expect(Self.worstError(computed, values) < 1e-12, "n = \(n): \(computed)")
  }

  /// A tridiagonal Toeplitz matrix (a on the diagonal, b beside it) has the eigenvalues
  /// a + 2b·cos(kπ/(n+1)), k = 1…n.
  @Test(arguments: [2, 7, 32])
  func tridiagonalToeplitzMatchesTheClosedForm(n: Int) {
    let a = 2.5, b = -1.25
    var matrix = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      matrix[i * n + i] = a
      if i + 1 < n {
        matrix[i * n + i + 1] = b
        matrix[(i + 1) * n + i] = b
      }
    }
    let expected = (1...n).map { a + 2 * b * cos(Double($0) * .pi / Double(n + 1)) }
    #expect(Self.worstError(SymmetricEigenvalues.of(matrix, n: n), expected) < 1e-13)
  }

  /// XᵀX for a 32 × 32 map X of rank r has exactly r eigenvalues clearly above zero; the
  /// rest sit at the rounding level HRank's tolerance (≈ 1.5·10⁻¹¹ of the largest) ignores.
  @Test(arguments: [0, 1, 5, 17, 32])
  func gramMatrixOfKnownRankHasThatManyNonZeroEigenvalues(rank: Int) {
    let h = 32, w = 32
    var generator = SeededGenerator(seed: UInt64(rank) + 100)
    func random(_ count: Int) -> [Double] {
      (0..<count).map { _ in Double(generator.next() % 2001) / 1000 - 1 }
    }
    let left = random(h * rank), right = random(rank * w)
    var x = [Double](repeating: 0, count: h * w)
    for i in 0..<h {
      for j in 0..<w {
        for r in 0..<rank { x[i * w + j] += left[i * rank + r] * right[r * w + j] }
      }
    }
    var gram = [Double](repeating: 0, count: w * w)
    for a in 0..<w {
      for b in 0..<w {
        for row in 0..<h { gram[a * w + b] += x[row * w + a] * x[row * w + b] }
      }
    }
    let values = SymmetricEigenvalues.of(gram, n: w)
    let largest = values.last ?? 0
    let nonZero = values.filter { $0 > 1e-9 * largest }.count
    let rounding = values.filter { abs($0) <= 1e-13 * max(largest, 1) }.count
    #expect(nonZero == rank)
    #expect(rounding == w - rank)
  }

  @Test func emptyAndZeroMatrices() {
    #expect(SymmetricEigenvalues.of([], n: 0) == [])
    #expect(SymmetricEigenvalues.of([Double](repeating: 0, count: 9), n: 3) == [0, 0, 0])
  }
}
