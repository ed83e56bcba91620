import Dispatch
import Engine

/// Measured inference latency: the median over repeated eval-mode passes on random input,
/// after one warm-up pass.
public enum Latency {
  public static func measure(_ network: Network, batchSize: Int, repeats: Int = 5) -> Double {
    let input = Tensor(normal: [batchSize] + network.inputShape, seed: 1)
    _ = network.inference(input)
    var times: [Double] = []
    for _ in 0..<repeats {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = network.inference(input)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return EngineBenchmark.median(times)
  }
}
