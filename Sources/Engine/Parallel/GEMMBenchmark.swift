import CKernels
import Dispatch

#if OpenBLAS
  import COpenBLAS
#endif

/// Single-threaded GEMM rates of each of ocnna's kernels this CPU runs (and of OpenBLAS,
/// when the package is built with the `OpenBLAS` trait) on the shapes the engine's
/// convolutions produce, as `ocnna bench gemm` reports them.
///
/// Every kernel runs on one core with the same operands; each figure is the best of
/// `repeats` calls (the first call of each also warms the packing buffers). OpenBLAS uses
/// whatever core it chose at load time: run the command once as the environment is set
/// and once with `OPENBLAS_CORETYPE` naming the native core to see both.
public enum GEMMBenchmark {
  /// One row-major `C[m×n] = A[m×k] · B[k×n]` product and where it comes from.
  public struct Shape: Sendable {
    public var m: Int, n: Int, k: Int
    public var origin: String
  }

  /// One kernel that can be measured: its name and a single-threaded product.
  public struct Contender: Sendable {
    public var name: String
    let multiply:
      @Sendable (
        _ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ c: UnsafeMutablePointer<Float>
      ) -> Void
  }

  /// The rates of every contender on one shape.
  public struct Rate: Sendable {
    public var shape: Shape
    /// GFLOPS per contender, in the order of `contenders`.
    public var gflops: [Double]
    /// Per contender, the largest difference between its result and the first contender's,
    /// relative to the largest value of the first.
    public var relativeDifference: [Double]
  }

  /// Forward-convolution products of CIFAR VGG-16 and ResNet-56 at the engine's block
  /// sizes (M = output channels, K = input channels × 9, N = images × output pixels).
  public static let convolutionShapes: [Shape] = [
    Shape(m: 64, n: 4096, k: 576, origin: "VGG-16 conv1.1 (32²)"),
    Shape(m: 128, n: 4096, k: 1152, origin: "VGG-16 conv2.2 (16²)"),
    Shape(m: 256, n: 4096, k: 2304, origin: "VGG-16 conv3.x (8²)"),
    Shape(m: 512, n: 2048, k: 4608, origin: "VGG-16 conv4.x (4²)"),
    Shape(m: 16, n: 8192, k: 144, origin: "ResNet-56 stage 1 (32²)"),
    Shape(m: 32, n: 8192, k: 288, origin: "ResNet-56 stage 2 (16²)"),
    Shape(m: 64, n: 8192, k: 576, origin: "ResNet-56 stage 3 (8²)"),
  ]

  /// ocnna's kernels this CPU runs, fastest first, then OpenBLAS when built in.
  public static var contenders: [Contender] {
    var list = GEMM.Kernel.available.map { kernel in
      Contender(name: kernel.displayName) { m, n, k, a, b, c in
        ocnna_sgemm(kernel.rawValue, 0, 0, m, n, k, 1, a, k, b, n, 0, c, n)
      }
    }
    #if OpenBLAS
      openblas_set_num_threads(1)
      let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
      list.append(
        Contender(name: "OpenBLAS \(core)") { m, n, k, a, b, c in
          cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), 1, a,
            blasint(k), b, blasint(n), 0, c, blasint(n))
        })
    #endif
    return list
  }

  public static func measure(_ shape: Shape, contenders: [Contender], repeats: Int = 5) -> Rate {
    var generator = SeededGenerator(seed: 3)
    let a = (0..<(shape.m * shape.k)).map { _ in Float(generator.next() % 2001) / 1000 - 1 }
    let b = (0..<(shape.k * shape.n)).map { _ in Float(generator.next() % 2001) / 1000 - 1 }
    let (m, n, k) = (Int32(shape.m), Int32(shape.n), Int32(shape.k))
    var results: [[Float]] = []
    var gflops: [Double] = []
    for contender in contenders {
      var c = [Float](repeating: 0, count: shape.m * shape.n)
      var fastest = Double.infinity
      for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        c.withUnsafeMutableBufferPointer { contender.multiply(m, n, k, a, b, $0.baseAddress!) }
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      gflops.append(2 * Double(shape.m) * Double(shape.n) * Double(shape.k) / fastest / 1e9)
      results.append(c)
    }
    let first = results.first ?? []
    let scale = max(first.map(abs).max() ?? 1, 1e-30)
    let differences = results.map { result in
      Double((zip(result, first).map { abs($0 - $1) }.max() ?? 0) / scale)
    }
    return Rate(shape: shape, gflops: gflops, relativeDifference: differences)
  }
}
