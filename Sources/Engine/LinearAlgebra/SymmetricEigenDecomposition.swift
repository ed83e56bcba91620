import Foundation

/// Eigenvalues and eigenvectors of a real symmetric matrix in Double, with no LAPACK:
/// Householder reduction to tridiagonal form with the transformations accumulated, then the
/// implicit QL algorithm applying each rotation to the vectors.
///
/// The algorithm is EISPACK's `tred2` + `tql2` (Wilkinson & Reinsch, *Handbook for
/// Automatic Computation II: Linear Algebra*, 1971), in the arrangement of the public-domain
/// JAMA package. About 9n³ flops, against 4n³/3 for `SymmetricEigenvalues`, which is why the
/// eigenvalue-only solver stays for OCNNA's per-map PCA and HRank; this one serves PCA over
/// the images of a filter (docs/method.md §3), which needs the components themselves.
///
/// The vectors are kept as rows while QL rotates them, so that each rotation combines two
/// contiguous rows (a loop the compiler vectorises) rather than two strided columns.
public struct SymmetricEigenDecomposition: Sendable {
  /// The eigenvalues in descending order.
  public var values: [Double]
  /// Row k (`vectors[k * n ..< (k + 1) * n]`) is the unit eigenvector of `values[k]`.
  public var vectors: [Double]
  public var n: Int

  /// The decomposition of a symmetric `n × n` matrix (row-major; it must be symmetric, both
  /// triangles are read).
  public init(_ matrix: [Double], n: Int) {
    precondition(
      matrix.count == n * n,
      "SymmetricEigenDecomposition: \(matrix.count) values for a \(n)×\(n) matrix")
    self.n = n
    if n == 0 {
      values = []
      vectors = []
      return
    }
    // Column-major (V[i][j] = v[j * n + i]; the same array as the matrix is symmetric), so
    // that tred2's O(n³) loops, which run down columns, read contiguous memory and the
    // basis it returns is already one vector per row for QL.
    var rows = matrix
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: n)
    Self.tridiagonalise(&rows, n: n, d: &d, e: &e)
    Self.implicitQL(rows: &rows, n: n, d: &d, e: &e)
    let order = (0..<n).sorted { d[$0] > d[$1] }
    values = order.map { d[$0] }
    var sorted = [Double](repeating: 0, count: n * n)
    for (k, index) in order.enumerated() {
      for j in 0..<n { sorted[k * n + j] = rows[index * n + j] }
    }
    vectors = sorted
  }

  /// The unit eigenvector of `values[k]`.
  public func vector(_ k: Int) -> ArraySlice<Double> { vectors[(k * n)..<((k + 1) * n)] }

  /// `tred2`: V (full symmetric on entry, column-major) becomes the orthogonal matrix Q
  /// with QᵀAQ = T tridiagonal, `d` its diagonal and `e[i]` = T[i][i − 1] (`e[0]` = 0).
  static func tridiagonalise(
    _ matrix: inout [Double], n: Int, d dArray: inout [Double], e eArray: inout [Double]
  ) {
    matrix.withUnsafeMutableBufferPointer { vBuffer in
      dArray.withUnsafeMutableBufferPointer { dBuffer in
        eArray.withUnsafeMutableBufferPointer { eBuffer in
          let v = vBuffer.baseAddress!, d = dBuffer.baseAddress!, e = eBuffer.baseAddress!
          for j in 0..<n { d[j] = v[j * n + (n - 1)] }
          for i in stride(from: n - 1, to: 0, by: -1) {
            var scale = 0.0, h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
              e[i] = d[i - 1]
              for j in 0..<i {
                d[j] = v[j * n + (i - 1)]
                v[j * n + i] = 0
                v[i * n + j] = 0
              }
            } else {
              // The Householder vector that zeroes row i left of its sub-diagonal, scaled
              // against overflow and underflow.
              for k in 0..<i {
                d[k] /= scale
                h += d[k] * d[k]
              }
              var f = d[i - 1]
              var g = h.squareRoot()
              if f > 0 { g = -g }
              e[i] = scale * g
              h -= f * g
              d[i - 1] = f - g
              for j in 0..<i { e[j] = 0 }
              // The similarity transformation applied to the remaining columns.
              for j in 0..<i {
                f = d[j]
                v[i * n + j] = f
                g = e[j] + v[j * n + j] * f
                if j + 1 <= i - 1 {
                  for k in (j + 1)...(i - 1) {
                    g += v[j * n + k] * d[k]
                    e[k] += v[j * n + k] * f
                  }
                }
                e[j] = g
              }
              f = 0
              for j in 0..<i {
                e[j] /= h
                f += e[j] * d[j]
              }
              let hh = f / (h + h)
              for j in 0..<i { e[j] -= hh * d[j] }
              for j in 0..<i {
                f = d[j]
                g = e[j]
                for k in j...(i - 1) { v[j * n + k] -= f * e[k] + g * d[k] }
                d[j] = v[j * n + (i - 1)]
                v[j * n + i] = 0
              }
            }
            d[i] = h
          }
          // Accumulate the transformations.
          for i in 0..<(n - 1) {
            v[i * n + (n - 1)] = v[i * n + i]
            v[i * n + i] = 1
            let h = d[i + 1]
            if h != 0 {
              for k in 0...i { d[k] = v[(i + 1) * n + k] / h }
              for j in 0...i {
                var g = 0.0
                for k in 0...i { g += v[(i + 1) * n + k] * v[j * n + k] }
                for k in 0...i { v[j * n + k] -= g * d[k] }
              }
            }
            for k in 0...i { v[(i + 1) * n + k] = 0 }
          }
          for j in 0..<n {
            d[j] = v[j * n + (n - 1)]
            v[j * n + (n - 1)] = 0
          }
          v[(n - 1) * n + (n - 1)] = 1
          e[0] = 0
        }
      }
    }
  }

  /// `tql2`: the eigenvalues of the tridiagonal (`d`, `e`) into `d`, each rotation applied
  /// to the rows of `rows` (the basis, one vector per row), which end as the eigenvectors.
  static func implicitQL(
    rows: inout [Double], n: Int, d dArray: inout [Double], e eArray: inout [Double]
  ) {
    if n < 2 { return }
    var f = 0.0, largest = 0.0
    let eps = Double.ulpOfOne
    rows.withUnsafeMutableBufferPointer { z in
      dArray.withUnsafeMutableBufferPointer { dBuffer in
        eArray.withUnsafeMutableBufferPointer { eBuffer in
          let base = z.baseAddress!, d = dBuffer.baseAddress!, e = eBuffer.baseAddress!
          for i in 1..<n { e[i - 1] = e[i] }
          e[n - 1] = 0
          for l in 0..<n {
            // The first negligible sub-diagonal element at or after l splits the matrix.
            largest = max(largest, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1, abs(e[m]) > eps * largest { m += 1 }
            if m > l {
              var iterations = 0
              repeat {
                iterations += 1
                precondition(iterations <= 60, "SymmetricEigenDecomposition: QL did not converge")
                // The implicit shift.
                var g = d[l]
                var p = (d[l + 1] - g) / (2 * e[l])
                var r = hypot(p, 1)
                if p < 0 { r = -r }
                d[l] = e[l] / (p + r)
                d[l + 1] = e[l] * (p + r)
                let dl1 = d[l + 1]
                var h = g - d[l]
                if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                f += h
                // The QL transformation, each plane rotation applied to rows i and i + 1.
                p = d[m]
                var c = 1.0, c2 = 1.0, c3 = 1.0, s = 0.0, s2 = 0.0
                let el1 = e[l + 1]
                var i = m - 1
                while i >= l {
                  c3 = c2
                  c2 = c
                  s2 = s
                  g = c * e[i]
                  h = c * p
                  r = hypot(p, e[i])
                  e[i + 1] = s * r
                  s = e[i] / r
                  c = p / r
                  p = c * d[i] - s * g
                  d[i + 1] = h + s * (c * g + s * d[i])
                  let upper = base + i * n, lower = base + (i + 1) * n
                  for k in 0..<n {
                    let a = upper[k], b = lower[k]
                    lower[k] = s * a + c * b
                    upper[k] = c * a - s * b
                  }
                  i -= 1
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1
                e[l] = s * p
                d[l] = c * p
              } while abs(e[l]) > eps * largest
            }
            d[l] += f
            e[l] = 0
          }
        }
      }
    }
  }
}
