import Foundation

/// Reusable scratch memory for kernels (im2col columns, GEMM products).
///
/// Allocating a fresh multi-megabyte buffer on every call costs a page fault per 4 KiB
/// page; borrowing from this pool reuses the pages of earlier calls. Buffers are not
/// zeroed: callers write every element they read.
public enum Scratch {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var pool: [UnsafeMutableBufferPointer<Float>] = []

  /// Runs `body` with a buffer of at least `count` floats, returned to the pool afterwards.
  public static func withBuffer<T>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> T) -> T {
    let buffer = borrow(count)
    defer { giveBack(buffer) }
    return body(buffer.baseAddress!)
  }

  private static func borrow(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
    lock.lock()
    defer { lock.unlock() }
    if let index = pool.firstIndex(where: { $0.count >= count }) {
      return pool.remove(at: index)
    }
    if !pool.isEmpty {
      // Grow the largest buffer rather than keep many small ones.
      let largest = pool.indices.max { pool[$0].count < pool[$1].count }!
      pool.remove(at: largest).deallocate()
    }
    return UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
  }

  private static func giveBack(_ buffer: UnsafeMutableBufferPointer<Float>) {
    lock.lock()
    defer { lock.unlock() }
    pool.append(buffer)
  }
}
