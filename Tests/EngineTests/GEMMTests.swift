import CKernels
import Engine
import Foundation
import Testing

/// ocnna's own SGEMM kernels (every one this CPU runs, the portable C kernel included)
/// against a Double-precision reference, over edge-sized shapes, both transposes, alpha
/// and beta, and C full of NaN where beta = 0 must not read it.
struct GEMMTests {
  static var levels: [Int32] { GEMM.Kernel.available.map(\.rawValue) }

  func reference(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: [Float], _ lda: Int,
    _ b: [Float], _ ldb: Int, _ beta: Float, _ c: [Float], _ ldc: Int
  ) -> [Float] {
    var out = c
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k {
          let x = ta ? a[p * lda + i] : a[i * lda + p]
          let y = tb ? b[j * ldb + p] : b[p * ldb + j]
          sum += Double(x) * Double(y)
        }
        out[i * ldc + j] = Float(
          Double(alpha) * sum + (beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])))
      }
    }
    return out
  }

  @Test(arguments: [
    (1, 1, 1), (5, 7, 3), (12, 32, 16), (13, 33, 257), (37, 70, 300), (200, 45, 513),
    (64, 2100, 20), (36, 65, 270), (16, 100, 144), (6, 1000, 300),
  ])
  func matchesTheReference(shape: (Int, Int, Int)) throws {
    let (m, n, k) = shape
    var generator = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
    func random(_ count: Int) -> [Float] {
      (0..<count).map { _ in Float(Double(generator.next() % 2001) / 1000 - 1) }
    }
    for level in Self.levels {
      for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
          let lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2
          let a = random((ta ? k : m) * lda), b = random((tb ? n : k) * ldb)
          var c = beta == 0 ? [Float](repeating: .nan, count: m * ldc) : random(m * ldc)
          let expected = reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
          ocnna_sgemm(
            level, ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
            Int32(ldb), beta, &c, Int32(ldc))
          var worst: Float = 0
          for i in 0..<m {
            for j in 0..<n {
              worst = max(worst, abs(c[i * ldc + j] - expected[i * ldc + j]))
            }
          }
          #expect(
            worst < 1e-3 * Float(max(1, k)).squareRoot(),
            "level \(level) ta \(ta) tb \(tb) alpha \(alpha) beta \(beta): max error \(worst)")
          // Padding columns beyond n are never touched.
          if beta == 0 { #expect(c[n].isNaN || n + 1 > ldc) }
        }
      }
    }
  }

  @Test func thePortableKernelIsAlwaysAvailable() {
    #expect(GEMM.Kernel.available.last == .portable)
    #expect(GEMM.Kernel.available.first == GEMM.Kernel.fastestAvailable)
  }
}
