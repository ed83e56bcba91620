import Engine

/// The compute resources the engine uses, as every compute-heavy command reports them and
/// `--threads` sets them.
public enum Machine {
  /// Threads of the engine's parallel loops.
  public static var threadCount: Int { Threading.threadCount }

  /// Uses `count` threads from now on (at least one).
  public static func setThreadCount(_ count: Int) { Threading.setThreadCount(count) }

  /// The GEMM micro-kernel in use ("AVX-512 16×32", "portable C 4×16", …).
  public static var gemmKernel: String { GEMM.kernel.displayName }

  /// "2 threads, GEMM AVX-512 …": the line commands print before heavy work.
  public static var summary: String {
    "\(threadCount) threads, GEMM \(gemmKernel), convolution \(Convolution.pathName)"
  }
}
