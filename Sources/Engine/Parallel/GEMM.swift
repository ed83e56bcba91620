import CKernels
import Dispatch
import Foundation

/// Row-major single-precision matrix products on ocnna's own kernels (`CKernels/sgemm.c`),
/// parallelised by the engine itself.
///
/// Each kernel call is single-threaded: a large product is split into one panel of C per
/// thread (see `Threading`), so that no library's spinning worker threads fight the
/// engine's parallel loops for the cores of a small machine. The build needs no system
/// BLAS: the AVX-512 and AVX2 kernels are chosen by cpuid at run time, and a portable C
/// kernel serves every other CPU.
public enum GEMM {
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

  /// One of ocnna's GEMM kernels, by the level `ocnna_sgemm` takes.
  public enum Kernel: Int32, CaseIterable, Sendable {
    case portable = 0, avx2 = 1, avx512 = 2

    /// The name `OCNNA_GEMM` takes.
    public var slug: String {
      switch self {
      case .portable: "portable"
      case .avx2: "avx2"
      case .avx512: "avx512"
      }
    }

    /// The kernel's name as benchmarks and results report it.
    public var displayName: String {
      switch self {
      case .portable: "ocnna portable C 4×16"
      case .avx2: "ocnna AVX2 6×16"
      case .avx512: "ocnna AVX-512 12×32 / 8×32"
      }
    }

    /// The fastest kernel this CPU runs.
    public static var fastestAvailable: Kernel {
      Kernel(rawValue: ocnna_sgemm_level()) ?? .portable
    }

    /// The kernels this CPU runs, fastest first.
    public static var available: [Kernel] {
      allCases.filter { $0.rawValue <= fastestAvailable.rawValue }.reversed()
    }
  }

  /// The kernel in use: the fastest this CPU runs, unless `OCNNA_GEMM` names a slower one
  /// (`avx2` or `portable`, so that every path can be tested and compared on one machine).
  /// A name that is unknown, or a kernel this CPU lacks, is reported on standard error and
  /// the fastest available kernel is used.
  public static let kernel: Kernel = {
    let fastest = Kernel.fastestAvailable
    guard let requested = ProcessInfo.processInfo.environment["OCNNA_GEMM"], !requested.isEmpty
    else { return fastest }
    guard let kernel = Kernel.allCases.first(where: { $0.slug == requested }) else {
      let names = Kernel.allCases.map(\.slug).joined(separator: ", ")
      FileHandle.standardError.write(
        Data("ocnna: OCNNA_GEMM=\(requested) is not one of \(names); using \(fastest.slug)\n".utf8))
      return fastest
    }
    guard kernel.rawValue <= fastest.rawValue else {
      FileHandle.standardError.write(
        Data("ocnna: OCNNA_GEMM=\(requested): this CPU lacks it; using \(fastest.slug)\n".utf8))
      return fastest
    }
    return kernel
  }()

  @inline(__always)
  private static func call(
    _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    ocnna_sgemm(
      kernel.rawValue, transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
      a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
}
