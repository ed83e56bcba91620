import COpenBLAS
import Dispatch
import Foundation

/// The number of threads used by OpenBLAS and by the engine's own parallel loops.
///
/// It defaults to the number of cores; `Threading.setThreadCount(_:)` changes both at once
/// so that BLAS and the engine never oversubscribe the machine.
public enum Threading {
  nonisolated(unsafe) private static var current: Int = {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    openblas_set_num_threads(Int32(cores))
    return cores
  }()

  /// The thread count in force.
  public static var threadCount: Int { current }

  /// Sets the thread count of BLAS and of the engine's loops (at least 1).
  public static func setThreadCount(_ count: Int) {
    let count = max(1, count)
    current = count
    openblas_set_num_threads(Int32(count))
  }

  /// The name of the OpenBLAS kernel in use (for example `Haswell` or `SkylakeX`).
  public static var blasCoreName: String {
    _ = current
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
  }

  /// The thread count OpenBLAS itself reports.
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
