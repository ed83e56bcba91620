import CKernels

extension Convolution {
  /// Whether convolutions run as implicit GEMMs (`CKernels/convgemm.c`): the AVX-512
  /// kernel is in use. Elsewhere, and where a test asks for blocks of images, im2col +
  /// GEMM runs instead.
  static var usesImplicitGEMM: Bool { GEMM.kernel == .avx512 }

  /// How convolutions run in this process, as results record it: `implicit GEMM, shifted
  /// planes for stride 1` or `im2col + GEMM` (depthwise convolutions have their own kernel
  /// on both paths). The name changes when a change of kernels changes summation order, so
  /// that results computed before and after it can be told apart: results that say
  /// `implicit GEMM` alone were computed before the stride-1 kernels of
  /// `convforwardshifted.c` and `convweightdirect.c`.
  public static var pathName: String {
    usesImplicitGEMM ? "implicit GEMM, shifted planes for stride 1" : "im2col + GEMM"
  }

  /// The geometry the implicit-GEMM kernels take.
  static func implicitShape(_ config: ConvolutionConfig, height: Int, width: Int)
    -> ocnna_conv_shape
  {
    ocnna_conv_shape(
      channels: Int32(config.inputChannels), height: Int32(height), width: Int32(width),
      out_height: Int32(config.outputSize(height)), out_width: Int32(config.outputSize(width)),
      kernel: Int32(config.kernelSize), stride: Int32(config.stride),
      pad: Int32(config.padding))
  }

  /// The columns (image · plane + pixel) each thread takes: whole images when there are
  /// enough of them, so that no thread's tiles straddle another's images, else runs of
  /// 32 columns (one micro-kernel tile).
  static func columnRanges(images: Int, plane: Int) -> [Range<Int>] {
    let threads = Threading.threadCount
    let columns = images * plane
    if images >= threads {
      return (0..<threads).map { t in
        (images * t / threads * plane)..<(images * (t + 1) / threads * plane)
      }
    }
    let tiles = (columns + 31) / 32
    let parts = min(threads, tiles)
    return (0..<parts).map { t in
      min(columns, tiles * t / parts * 32)..<min(columns, tiles * (t + 1) / parts * 32)
    }
  }

  /// The forward pass as an implicit GEMM: B packed straight from the images, C stored
  /// straight into the `NCHW` output, no column matrix and no zero-filled output.
  static func implicitForward(_ input: Tensor, weight: Tensor, config: ConvolutionConfig)
    -> Tensor
  {
    let (n, _, h, w) = input.nchw("conv2d")
    var shape = implicitShape(config, height: h, width: w)
    let outShape = outputShape(input.shape, config)
    let plane = outShape[2] * outShape[3]
    let groupIn = config.inputChannels / config.groups
    let groupOut = config.outputChannels / config.groups
    let rows = groupIn * config.kernelSize * config.kernelSize
    let ranges = columnRanges(images: n, plane: plane)
    var output = Tensor(uninitialized: outShape)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        output.scalars.withUnsafeMutableBufferPointer { y in
          let (xBase, wBase, yBase) = (x.baseAddress!, wt.baseAddress!, y.baseAddress!)
          withUnsafePointer(to: &shape) { geometry in
            Threading.forEach(ranges) { range in
              for g in 0..<config.groups {
                let done = ocnna_conv_forward(
                  geometry, xBase, Int32(g * groupIn), Int32(groupIn), wBase + g * groupOut * rows,
                  Int32(groupOut), yBase, Int32(config.outputChannels), Int32(g * groupOut),
                  range.lowerBound, range.upperBound)
                precondition(done == 1, "conv2d: the implicit-GEMM kernel needs AVX-512")
              }
            }
          }
        }
      }
    }
    return output
  }

  /// The weight gradient as an implicit GEMM, `dW = dY · im2col(x)ᵀ` with both operands
  /// packed from the tensors: each thread sums its own images into its own `dW`, and the
  /// partial sums are added at the end.
  static func implicitWeightGradient(
    _ input: Tensor, outputGradient: Tensor, config: ConvolutionConfig
  ) -> Tensor {
    let (n, _, h, w) = input.nchw("conv2d backward")
    var shape = implicitShape(config, height: h, width: w)
    let plane = outputGradient.shape[2] * outputGradient.shape[3]
    let groupIn = config.inputChannels / config.groups
    let groupOut = config.outputChannels / config.groups
    let rows = groupIn * config.kernelSize * config.kernelSize
    let ranges = columnRanges(images: n, plane: plane)
    let partial = rows * groupOut
    var weightGradient = Tensor(zeros: config.weightShape)
    Scratch.withBuffer(count: ranges.count * partial) { sums in
      input.scalars.withUnsafeBufferPointer { x in
        outputGradient.scalars.withUnsafeBufferPointer { dy in
          weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
            let (xBase, dyBase) = (x.baseAddress!, dy.baseAddress!)
            withUnsafePointer(to: &shape) { geometry in
              for g in 0..<config.groups {
                Threading.forEach(Array(ranges.enumerated())) { part in
                  let done = ocnna_conv_weight_gradient(
                    geometry, xBase, Int32(g * groupIn), Int32(groupIn), dyBase, Int32(groupOut),
                    Int32(config.outputChannels), Int32(g * groupOut), part.element.lowerBound,
                    part.element.upperBound, sums + part.offset * partial)
                  precondition(done == 1, "conv2d: the implicit-GEMM kernel needs AVX-512")
                }
                let target = dw.baseAddress! + g * groupOut * rows
                for part in 0..<ranges.count {
                  ocnna_add(target, sums + part * partial, partial)
                }
              }
            }
          }
        }
      }
    }
    return weightGradient
  }
}
