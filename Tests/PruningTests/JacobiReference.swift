/// The test oracle for eigen-problems: cyclic Jacobi rotations in Float64, slow and
/// simple, independent of the engine's Householder + QL solvers.
enum JacobiReference {
  /// Eigenvalues (descending) and eigenvectors (rows) by cyclic Jacobi rotations.
  static func decompose(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
    var a = matrix
    let n = a.count
    var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }  // columns = vectors
    for _ in 0..<100 {
      var off = 0.0
      for p in 0..<n { for q in 0..<n where p != q { off += a[p][q] * a[p][q] } }
      if off < 1e-24 { break }
      for p in 0..<n {
        for q in (p + 1)..<n where abs(a[p][q]) > 1e-300 {
          let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot(), s = t * c
          for k in 0..<n {
            let (akp, akq) = (a[k][p], a[k][q])
            a[k][p] = c * akp - s * akq
            a[k][q] = s * akp + c * akq
          }
          for k in 0..<n {
            let (apk, aqk) = (a[p][k], a[q][k])
            a[p][k] = c * apk - s * aqk
            a[q][k] = s * apk + c * aqk
          }
          for k in 0..<n {
            let (vkp, vkq) = (v[k][p], v[k][q])
            v[k][p] = c * vkp - s * vkq
            v[k][q] = s * vkp + c * vkq
          }
        }
      }
    }
    let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
    return (order.map { a[$0][$0] }, order.map { k in (0..<n).map { v[$0][k] } })
  }

}
