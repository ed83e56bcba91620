import COpenBLAS

/// Thin, row-major wrappers over OpenBLAS's `cblas_sgemm`.
public enum BLAS {
  /// C = alpha · op(A) · op(B) + beta · C, all row-major; `op` transposes when asked.
  ///
  /// - Parameters:
  ///   - m: rows of op(A) and C; `n`: columns of op(B) and C; `k`: the shared dimension.
  ///   - lda, ldb, ldc: leading dimensions (row strides) of A, B and C as stored.
  @inline(__always)
  public static func sgemm(
    transposeA: Bool = false, transposeB: Bool = false,
    m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(
      CblasRowMajor,
      transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha,
      a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
  }
}
