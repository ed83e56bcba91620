import Dispatch
import Foundation

/// `map` over every core, keeping the order: pages and result files are independent, and
/// rendering or reading thousands of them is the site build's main cost.
enum ParallelMap {
  static func map<T>(_ indices: Range<Int>, _ transform: (Int) throws -> T) rethrows -> [T] {
    let count = indices.count
    guard count > 1 else { return try indices.map(transform) }
    var slots = [T?](repeating: nil, count: count)
    var failure: Error?
    let lock = NSLock()
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
    try withoutActuallyEscaping(transform) { transform in
      slots.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
          var i = worker
          while i < count {
            do {
              base[i] = try transform(indices.lowerBound + i)
            } catch {
              lock.lock()
              failure = failure ?? error
              lock.unlock()
            }
            i += workers
          }
        }
      }
      if let failure { throw failure }
    }
    return slots.map { $0! }
  }
}
