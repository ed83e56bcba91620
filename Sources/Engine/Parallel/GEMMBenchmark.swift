import CKernels
import COpenBLAS
import Dispatch

/// Single-threaded GEMM rates of ocnna's own kernel and of OpenBLAS on the shapes the
/// engine's convolutions produce, as `ocnna bench gemm` reports them.
///
/// Both run on one core with the same operands; each figure is the best of `repeats`
/// calls (the first call of each also warms the packing buffers). OpenBLAS uses whatever
/// core it chose at load time: run the command once as the environment is set and once
/// with `OPENBLAS_CORETYPE` naming the native core to see both.
public enum GEMMBenchmark {
  /// One row-major `C[m×n] = A[m×k] · B[k×n]` product and where it comes from.
  public struct Shape: Sendable {
    public var m: Int, n: Int, k: Int
    public var origin: String
  }

  public struct Rate: Sendable {
    public var shape: Shape
    public var ownGFLOPS: Double
    public var openBLASGFLOPS: Double
    /// The largest difference between the two results, relative to the largest value.
    public var relativeDifference: Double
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

  public static func measure(_ shape: Shape, repeats: Int = 5) -> Rate {
    var generator = SeededGenerator(seed: 3)
    let a = (0..<(shape.m * shape.k)).map { _ in Float(generator.next() % 2001) / 1000 - 1 }
    let b = (0..<(shape.k * shape.n)).map { _ in Float(generator.next() % 2001) / 1000 - 1 }
    var own = [Float](repeating: 0, count: shape.m * shape.n)
    var blas = own
    let level = max(1, ocnna_sgemm_level())
    func best(_ body: () -> Void) -> Double {
      var fastest = Double.infinity
      for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      return fastest
    }
    let (m, n, k) = (Int32(shape.m), Int32(shape.n), Int32(shape.k))
    let ownSeconds = best {
      ocnna_sgemm(level, 0, 0, m, n, k, 1, a, k, b, n, 0, &own, n)
    }
    let blasSeconds = best {
      cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), 1, a,
        blasint(k), b, blasint(n), 0, &blas, blasint(n))
    }
    let flops = 2 * Double(shape.m) * Double(shape.n) * Double(shape.k)
    let scale = max(blas.map(abs).max() ?? 1, 1e-30)
    let difference = zip(own, blas).map { abs($0 - $1) }.max() ?? 0
    return Rate(
      shape: shape, ownGFLOPS: ocnna_sgemm_level() > 0 ? flops / ownSeconds / 1e9 : 0,
      openBLASGFLOPS: flops / blasSeconds / 1e9, relativeDifference: Double(difference / scale))
  }
}
