import Dispatch
import Foundation

/// The number of threads used by the engine's parallel loops and GEMM panels.
///
/// It defaults to the number of cores. Each GEMM kernel call is single-threaded: the engine
/// splits large products into per-thread panels (see `GEMM`).
public enum Threading {
  nonisolated(unsafe) private static var current: Int = {
    Allocation.keepLargeBuffersInHeap()
    return ProcessInfo.processInfo.activeProcessorCount
  }()

  /// The thread count in force.
  public static var threadCount: Int { current }

  /// Sets the thread count of the engine's loops and GEMM panels (at least 1).
  public static func setThreadCount(_ count: Int) {
    current = max(1, count)
  }

  /// Elements per thread below which an element-wise pass (ReLU, sums of tensors) stays on
  /// one thread: splitting costs a few microseconds, as much as a pass over this many.
  public static let elementwiseGrain = 1 << 16

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

  /// Runs `body` once per item, the items spread over the threads (inline for one item).
  public static func forEach<Item>(_ items: [Item], _ body: (Item) -> Void) {
    if items.count <= 1 || threadCount <= 1 {
      items.forEach(body)
      return
    }
    items.withUnsafeBufferPointer { list in
      DispatchQueue.concurrentPerform(iterations: list.count) { body(list[$0]) }
    }
  }
}
