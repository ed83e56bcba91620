import Foundation

/// Eigenvalues of a real symmetric matrix in Double, with no LAPACK: Householder reduction
/// to tridiagonal form, then the implicit QL algorithm with Wilkinson-style shifts.
///
/// The algorithm is EISPACK's `tred1` + `tql1` (Wilkinson & Reinsch, *Handbook for
/// Automatic Computation II: Linear Algebra*, 1971; also Press et al., *Numerical Recipes*,
/// §11.2–11.3), eigenvalues only: about 4n³/3 flops for the reduction and O(n²) for QL,
/// which matters because OCNNA and HRank solve one small (W × W, W ≤ 32) problem per
/// filter and image. Its absolute error is a small multiple of ε · ‖A‖, so eigenvalues
/// near zero (HRank's rank threshold, a constant map in OCNNA) are resolved as well as
/// LAPACK's `dsyev` resolves them.
public enum SymmetricEigenvalues {
  /// The eigenvalues of a symmetric `n × n` matrix (row-major; only its lower triangle is
  /// read), in ascending order.
  public static func of(_ matrix: [Double], n: Int) -> [Double] {
    precondition(
      matrix.count == n * n, "SymmetricEigenvalues: \(matrix.count) values for a \(n)×\(n) matrix")
    if n == 0 { return [] }
    var a = matrix
    var diagonal = [Double](repeating: 0, count: n)
    var offDiagonal = [Double](repeating: 0, count: n)
    tridiagonalise(&a, n: n, diagonal: &diagonal, offDiagonal: &offDiagonal)
    implicitQL(diagonal: &diagonal, offDiagonal: &offDiagonal)
    return diagonal.sorted()
  }

  /// Householder reduction of the lower triangle of `a` to a symmetric tridiagonal matrix
  /// with `diagonal` d and sub-diagonal `offDiagonal[i]` = T[i][i−1] (`offDiagonal[0]` = 0).
  static func tridiagonalise(
    _ a: inout [Double], n: Int, diagonal d: inout [Double], offDiagonal e: inout [Double]
  ) {
    a.withUnsafeMutableBufferPointer { a in
      for i in stride(from: n - 1, to: 0, by: -1) {
        let l = i - 1
        let row = i * n
        var h = 0.0
        if l > 0 {
          var scale = 0.0
          for k in 0...l { scale += abs(a[row + k]) }
          if scale == 0 {
            e[i] = a[row + l]
          } else {
            // The reflection that zeroes row i left of its sub-diagonal, scaled against
            // overflow and underflow.
            for k in 0...l {
              a[row + k] /= scale
              h += a[row + k] * a[row + k]
            }
            var f = a[row + l]
            var g = f >= 0 ? -h.squareRoot() : h.squareRoot()
            e[i] = scale * g
            h -= f * g
            a[row + l] = f - g
            f = 0
            for j in 0...l {
              // p = A·u / h, formed from the lower triangle only.
              g = 0
              for k in 0...j { g += a[j * n + k] * a[row + k] }
              if j < l { for k in (j + 1)...l { g += a[k * n + j] * a[row + k] } }
              e[j] = g / h
              f += e[j] * a[row + j]
            }
            let hh = f / (h + h)
            for j in 0...l {
              // A ← A − q·uᵀ − u·qᵀ with q = p − (uᵀp / 2h)·u.
              f = a[row + j]
              g = e[j] - hh * f
              e[j] = g
              for k in 0...j { a[j * n + k] -= f * e[k] + g * a[row + k] }
            }
          }
        } else {
          e[i] = a[row + l]
        }
      }
      e[0] = 0
      for i in 0..<n { d[i] = a[i * n + i] }
    }
  }

  /// Eigenvalues of the symmetric tridiagonal matrix (`diagonal`, `offDiagonal[i]` =
  /// T[i][i−1]) into `diagonal`, unordered; `offDiagonal` is destroyed.
  static func implicitQL(diagonal d: inout [Double], offDiagonal e: inout [Double]) {
    let n = d.count
    if n < 2 { return }
    for i in 1..<n { e[i - 1] = e[i] }
    e[n - 1] = 0
    for l in 0..<n {
      var iterations = 0
      while true {
        // The first negligible sub-diagonal element at or after l splits the matrix.
        var m = l
        while m < n - 1 {
          let dd = abs(d[m]) + abs(d[m + 1])
          if abs(e[m]) <= Double.ulpOfOne * dd { break }
          m += 1
        }
        if m == l { break }
        iterations += 1
        precondition(iterations <= 60, "SymmetricEigenvalues: QL did not converge")
        // Shift from the leading 2 × 2 block, then chase the bulge from m up to l.
        var g = (d[l + 1] - d[l]) / (2 * e[l])
        var r = hypot(g, 1)
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
        var s = 1.0, c = 1.0, p = 0.0
        var i = m - 1
        var underflow = false
        while i >= l {
          let f = s * e[i], b = c * e[i]
          r = hypot(f, g)
          e[i + 1] = r
          if r == 0 {
            // Underflow: the matrix splits here; restart from l.
            d[i + 1] -= p
            e[m] = 0
            underflow = true
            break
          }
          s = f / r
          c = g / r
          g = d[i + 1] - p
          r = (d[i] - g) * s + 2 * c * b
          p = s * r
          d[i + 1] = g + p
          g = c * r - b
          i -= 1
        }
        if underflow { continue }
        d[l] -= p
        e[l] = g
        e[m] = 0
      }
    }
  }
}
