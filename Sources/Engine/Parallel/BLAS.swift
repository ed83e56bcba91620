import CKernels
import COpenBLAS
import Dispatch
import Foundation

/// Row-major wrappers over OpenBLAS's `cblas_sgemm`, parallelised by the engine itself.
///
/// OpenBLAS runs single-threaded (see `Threading`): its own worker threads spin while
/// they wait, and on a 2-core machine they fight the engine's parallel loops for the
/// cores. Instead a large product is split into one panel of C per thread, and each panel
/// is one single-threaded `sgemm` call.
public enum BLAS {
  /// Below this many multiply–adds a product runs as one call.
  static let parallelThreshold = 1 << 18

  /// C = alpha · op(A) · op(B) + beta · C, all row-major; `op` transposes when asked.
  ///
  /// - Parameters:
  ///   - m: rows of op(A) and C; `n`: columns of op(B) and C; `k`: the shared dimension.
  ///   - lda, ldb, ldc: leading dimensions (row strides) of A, B and C as stored.
  public static func sgemm(
    transposeA: Bool = false, transposeB: Bool = false,
    m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    let threads = Threading.threadCount
    guard threads > 1, m * n * k >= parallelThreshold, max(m, n) >= 2 * threads else {
      call(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
      return
    }
    if n >= m {
      // Panels of columns: C[:, j0..<j1] = op(A) · op(B)[:, j0..<j1].
      let width = ((n + threads - 1) / threads + 15) / 16 * 16
      let panels = (n + width - 1) / width
      DispatchQueue.concurrentPerform(iterations: panels) { t in
        let j0 = t * width, columns = min(width, n - j0)
        call(
          transposeA, transposeB, m, columns, k, alpha, a, lda,
          b + (transposeB ? j0 * ldb : j0), ldb, beta, c + j0, ldc)
      }
    } else {
      // Panels of rows: C[i0..<i1, :] = op(A)[i0..<i1, :] · op(B).
      let height = ((m + threads - 1) / threads + 7) / 8 * 8
      let panels = (m + height - 1) / height
      DispatchQueue.concurrentPerform(iterations: panels) { t in
        let i0 = t * height, rows = min(height, m - i0)
        call(
          transposeA, transposeB, rows, n, k, alpha, a + (transposeA ? i0 : i0 * lda), lda,
          b, ldb, beta, c + i0 * ldc, ldc)
      }
    }
  }

  /// The GEMM kernel in use: ocnna's own AVX-512 (2) or AVX2 (1) kernel, or OpenBLAS (0).
  /// OpenBLAS 0.3.21 misdetects some Xeons and falls back to its SSE3 (Prescott) kernel;
  /// ocnna's kernels are chosen by cpuid instead. `OCNNA_GEMM=openblas` forces OpenBLAS,
  /// `OCNNA_GEMM=avx2` the AVX2 kernel (for comparisons).
  public static let kernelLevel: Int32 = {
    let available = ocnna_sgemm_level()
    switch ProcessInfo.processInfo.environment["OCNNA_GEMM"] {
    case "openblas": return 0
    case "avx2": return min(available, 1)
    default: return available
    }
  }()

  /// The GEMM kernel's name, as benchmarks and results report it.
  public static var kernelName: String {
    switch kernelLevel {
    case 2: "ocnna AVX-512 12×32 / 8×32"
    case 1: "ocnna AVX2 6×16"
    default: "OpenBLAS \(Threading.blasCoreName)"
    }
  }

  @inline(__always)
  private static func call(
    _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    if kernelLevel > 0 {
      ocnna_sgemm(
        kernelLevel, transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
      return
    }
    cblas_sgemm(
      CblasRowMajor,
      transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha,
      a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
  }
}
