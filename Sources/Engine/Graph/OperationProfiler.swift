import Dispatch

/// Accumulates wall time per operation kind and direction ("conv forward",
/// "batchNorm backward", …), so that `ocnna bench engine --profile` shows where a
/// training step spends its time.
public final class OperationProfiler: @unchecked Sendable {
  public private(set) var seconds: [String: Double] = [:]
  public private(set) var calls: [String: Int] = [:]

  public init() {}

  /// Runs `body` and adds its duration under `label`.
  @inline(__always)
  func measure<T>(_ label: @autoclosure () -> String, _ body: () -> T) -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = body()
    let key = label()
    seconds[key, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    calls[key, default: 0] += 1
    return result
  }

  /// Forgets everything measured so far.
  public func reset() {
    seconds = [:]
    calls = [:]
  }
}
