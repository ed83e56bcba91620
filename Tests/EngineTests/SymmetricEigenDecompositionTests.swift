import Engine
import Foundation
import Testing

/// The eigen-decomposition against what defines one, independently of any solver: A·v = λ·v
/// for every pair, orthonormal vectors, and the eigenvalues of matrices built from known
/// ones (the rotated diagonals of `SymmetricEigenvaluesTests`, with a repeated eigenvalue,
/// a zero and one 10⁻⁹ of the largest).
struct SymmetricEigenDecompositionTests {
  static func check(_ a: [Double], n: Int, expected: [Double]? = nil) {
    let decomposition = SymmetricEigenDecomposition(a, n: n)
    let values = decomposition.values
    #expect(values == values.sorted(by: >), "descending order")
    let scale = max(values.map(abs).max() ?? 1, 1e-300)
    if let expected {
      let worst = zip(values, expected.sorted(by: >)).map { abs($0 - $1) }.max() ?? 0
      #expect(worst / scale < 1e-12, "n = \(n): eigenvalues \(values)")
    }
    var worstResidual = 0.0, worstOrthogonality = 0.0
    for k in 0..<n {
      let v = Array(decomposition.vector(k))
      for i in 0..<n {
        var av = 0.0
        for j in 0..<n { av += a[i * n + j] * v[j] }
        worstResidual = max(worstResidual, abs(av - values[k] * v[i]) / scale)
      }
      for other in 0..<n {
        let dot = zip(v, decomposition.vector(other)).reduce(0) { $0 + $1.0 * $1.1 }
        worstOrthogonality = max(worstOrthogonality, abs(dot - (k == other ? 1 : 0)))
      }
    }
    #expect(worstResidual < 1e-12, "n = \(n): ‖Av − λv‖ / ‖A‖ = \(worstResidual)")
    #expect(worstOrthogonality < 1e-12, "n = \(n): |VᵀV − I| = \(worstOrthogonality)")
  }

  @Test(arguments: [1, 2, 3, 5, 8, 16, 31, 64])
  func rotatedDiagonalGivesItsValuesAndVectors(n: Int) {
    var generator = SeededGenerator(seed: UInt64(n) + 40)
    var values = (0..<n).map { _ in Double(generator.next() % 20001) / 100 - 100 }
    if n > 3 {
      values[1] = values[0]  // a repeated eigenvalue: any basis of its plane will do
      values[2] = 0
      values[3] = 1e-9
    }
    Self.check(
      SymmetricEigenvaluesTests.rotated(values, seed: UInt64(n) + 9), n: n, expected: values)
  }

  /// A Gram matrix of 200 random 300-dimensional rows: the size OCNNA's `images` reading
  /// decomposes (256 calibration images), with a rank below n.
  @Test func gramMatrixOfRandomRows() {
    let n = 200, d = 150
    var generator = SeededGenerator(seed: 5)
    let x = (0..<(n * d)).map { _ in Double(generator.next() % 2001) / 1000 - 1 }
    var gram = [Double](repeating: 0, count: n * n)
    for a in 0..<n {
      for b in 0..<n {
        var s = 0.0
        for j in 0..<d { s += x[a * d + j] * x[b * d + j] }
        gram[a * n + b] = s
      }
    }
    Self.check(gram, n: n)
    let values = SymmetricEigenDecomposition(gram, n: n).values
    #expect(values.filter { $0 > 1e-9 * values[0] }.count == d, "rank d")
  }

  @Test func agreesWithTheEigenvalueSolver() {
    let a = SymmetricEigenvaluesTests.rotated((0..<20).map { Double($0 * $0) - 50 }, seed: 3)
    let values = SymmetricEigenDecomposition(a, n: 20).values
    let reference = SymmetricEigenvalues.of(a, n: 20).reversed()
    #expect(zip(values, reference).allSatisfy { abs($0 - $1) < 1e-11 })
  }

  @Test func emptyAndZeroMatrices() {
    #expect(SymmetricEigenDecomposition([], n: 0).values == [])
    let zero = SymmetricEigenDecomposition([Double](repeating: 0, count: 9), n: 3)
    #expect(zero.values == [0, 0, 0])
    Self.check([Double](repeating: 0, count: 9), n: 3)
  }
}
