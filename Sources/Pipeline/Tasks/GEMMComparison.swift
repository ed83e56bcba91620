import Engine

/// `ocnna bench gemm`: single-core rates of every GEMM kernel this CPU runs on the
/// engine's convolution shapes, with each kernel's difference from the fastest.
public enum GEMMComparison {
  public struct Row: Sendable {
    /// "M×N×K".
    public var shape: String
    /// The layer the shape comes from.
    public var origin: String
    /// GFLOPS per kernel, in the order of `kernels`.
    public var gflops: [Double]
    /// Largest difference from the first kernel's result, relative to its largest value.
    public var relativeDifference: [Double]
  }

  /// The kernels measured, fastest first (OpenBLAS last when built with its trait).
  public static var kernels: [String] { GEMMBenchmark.contenders.map(\.name) }

  /// Measures every shape on one core, handing each row over as it is measured.
  public static func run(repeats: Int, row: (Row) -> Void) {
    Threading.setThreadCount(1)
    let contenders = GEMMBenchmark.contenders
    for shape in GEMMBenchmark.convolutionShapes {
      let rate = GEMMBenchmark.measure(shape, contenders: contenders, repeats: repeats)
      row(
        Row(
          shape: "\(shape.m)×\(shape.n)×\(shape.k)", origin: shape.origin, gflops: rate.gflops,
          relativeDifference: rate.relativeDifference))
    }
  }
}
