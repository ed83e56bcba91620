extension Convolution {
  /// `dW += dY · colᵀ` for one block and group: `dY` is `outputs × columns`, `col` is
  /// `rows × columns` (im2col), `dW` is `outputs × rows`.
  ///
  /// Computed as `dWᵀ = col · dYᵀ` and transposed into `dW` when there are more than 8
  /// outputs: the GEMM then transposes the `outputs` rows of `dY` while packing instead of
  /// the `rows = 9 · inputs` rows of the column matrix, 9× less data through the scalar
  /// transposing path that took about a tenth of a ResNet-56 step. With at most 8 outputs
  /// the direct product has its own unpacked kernel.
  static func accumulateWeightGradient(
    _ dy: UnsafePointer<Float>, _ col: UnsafePointer<Float>, outputs: Int, rows: Int,
    columns: Int, into dw: UnsafeMutablePointer<Float>
  ) {
    guard outputs > 8, GEMM.kernel == .avx512 else {
      GEMM.sgemm(
        transposeB: true, m: outputs, n: rows, k: columns, a: dy, lda: columns, b: col,
        ldb: columns, beta: 1, c: dw, ldc: rows)
      return
    }
    Scratch.withBuffer(count: rows * outputs) { transposed in
      GEMM.sgemm(
        transposeB: true, m: rows, n: outputs, k: columns, a: col, lda: columns, b: dy,
        ldb: columns, c: transposed, ldc: outputs)
      for o in 0..<outputs {
        let row = dw + o * rows
        for r in 0..<rows { row[r] += transposed[r * outputs + o] }
      }
    }
  }
}
