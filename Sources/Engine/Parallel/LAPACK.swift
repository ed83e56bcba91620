import COpenBLAS

/// LAPACK routines from OpenBLAS.
public enum LAPACK {
  /// The eigenvalues of a symmetric `n × n` matrix (row-major; only its upper triangle
  /// is read), in ascending order, computed in Double by `dsyev`.
  public static func symmetricEigenvalues(_ matrix: [Double], n: Int) -> [Double] {
    precondition(
      matrix.count == n * n, "symmetricEigenvalues: \(matrix.count) values for a \(n)×\(n) matrix")
    if n == 0 { return [] }
    var a = matrix
    var values = [Double](repeating: 0, count: n)
    var size = Int32(n), lda = Int32(n), info: Int32 = 0
    var lwork = Int32(max(1, 3 * n - 1))
    var work = [Double](repeating: 0, count: Int(lwork))
    // Column-major "L" of the row-major matrix is its upper triangle: the same values.
    dsyev_("N", "L", &size, &a, &lda, &values, &work, &lwork, &info)
    precondition(info == 0, "dsyev failed with info \(info)")
    return values
  }
}
