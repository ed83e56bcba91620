import COpenBLAS
import Dispatch
import Foundation

/// The number of threads used by the engine's parallel loops and GEMM panels.
///
/// It defaults to the number of cores. OpenBLAS itself is kept single-threaded: the engine
/// splits large products into per-thread panels (see `BLAS`), so that OpenBLAS's spinning
/// worker threads never compete with the engine's loops for the same cores.
public enum Threading {
  nonisolated(unsafe) private static var current: Int = {
    openblas_set_num_threads(1)
    Allocation.keepLargeBuffersInHeap()
    return ProcessInfo.processInfo.activeProcessorCount
  }()

  /// The thread count in force.
  public static var threadCount: Int { current }

  /// Sets the thread count of the engine's loops and GEMM panels (at least 1).
  public static func setThreadCount(_ count: Int) {
    current = max(1, count)
  }

  /// The name of the OpenBLAS kernel in use (for example `Haswell` or `SkylakeX`).
  public static var blasCoreName: String {
    _ = current
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
  }

  /// The thread count OpenBLAS itself reports (1: the engine parallelises around it).
  public static var blasThreadCount: Int {
    _ = current
    return Int(openblas_get_num_threads())
  }

  /// Runs `body` over `0..<count` split into contiguous ranges, one per thread; runs inline
  /// when one thread is set or the work is smaller than `minimumPerThread` items a thread.
  public static func parallelFor(
    _ count: Int, minimumPerThread: Int = 1, _ body: (Range<Int>) -> Void
  ) {
    let threads = min(threadCount, max(1, count / max(1, minimumPerThread)))
    if threads <= 1 || count <= 1 {
      body(0..<count)
      return
    }
    DispatchQueue.concurrentPerform(iterations: threads) { t in
      let start = count * t / threads
      let end = count * (t + 1) / threads
      if start < end { body(start..<end) }
    }
  }
}
