import Engine
import TestSupport
import Testing

/// The implicit-GEMM, im2col + GEMM and depthwise kernels against the plain reference, and
/// their gradients against finite differences.
struct ConvolutionTests {
  struct Case: CustomStringConvertible, Sendable {
    var batch: Int, inputChannels: Int, outputChannels: Int, size: Int
    var kernel: Int, stride: Int, padding: Int, groups: Int, bias: Bool
    var config: ConvolutionConfig {
      ConvolutionConfig(
        inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernel,
        stride: stride, padding: padding, groups: groups, hasBias: bias)
    }
    var description: String {
      "n\(batch) c\(inputChannels)→\(outputChannels) \(size)² k\(kernel) s\(stride) p\(padding) g\(groups)\(bias ? " +b" : "")"
    }
  }

  /// A grid of small shapes: strides, paddings, kernel sizes, groups and depthwise; 5 → 3
  /// channels takes the transposed-convolution input gradient, 3 → 12 the transposed
  /// weight-gradient product.
  static let grid: [Case] = {
    var cases: [Case] = []
    for (cin, cout, groups) in [
      (1, 2, 1), (3, 4, 1), (5, 3, 1), (3, 12, 1), (4, 6, 2), (4, 4, 4), (6, 6, 6),
    ] {
      for (kernel, padding) in [(1, 0), (3, 1), (3, 0), (5, 2), (3, 2)] {
        for stride in [1, 2] {
          for size in [5, 8] {
            cases.append(
              Case(
                batch: 2, inputChannels: cin, outputChannels: cout, size: size, kernel: kernel,
                stride: stride, padding: padding, groups: groups, bias: (size + kernel) % 2 == 0))
          }
        }
      }
    }
    return cases
  }()

  /// Shapes for the implicit GEMM's edges (it runs for more than 8 outputs on AVX-512):
  /// more than 256 rows (several depth blocks summed), more than 2,048 columns (several
  /// column blocks), planes smaller than a 32-column tile (tiles across images), one image
  /// (columns split between threads), stride 2, 1 × 1, padding 2, groups, 8- and 12-row
  /// tiles, more than 256 rows with 8-row tiles, and for the stride-1 weight gradient without
  /// packing: partial blocks of 4 input and 4 output channels, a plane that is not a whole
  /// number of vectors, and more images than one group of shifted planes holds; for the
  /// stride-1 forward pass from shifted planes (planes of at least 256 pixels): a last tile
  /// of one column (17²), a 5 × 5 kernel, 1 × 1 with groups, no padding, several depth
  /// blocks (32 channels × 9 positions) and 12-row tiles; tiles across images summed over
  /// several depth blocks (VGG-16's 4 × 4 and 2 × 2 layers), with 12- and 8-row tiles;
  /// 2 × 2 planes over several column blocks a thread, the last a partial tile (sums of
  /// tiles across images kept in a buffer and stored once per column block); and one output
  /// pixel of 32 images a tile, taps in the padding skipped (planes of at most 16 pixels, at
  /// least 32 images a thread): 4 × 4 over two depth blocks with 12- and 8-row tiles, a
  /// 5 × 5 kernel, stride 2 onto a 3 × 3 plane, and a last partial tile of images; 8 × 8
  /// (one 32-image block a thread) over two depth blocks, and with groups.
  static let implicitGEMMCases: [Case] = [
    Case(
      batch: 64, inputChannels: 8, outputChannels: 24, size: 4, kernel: 3, stride: 1,
      padding: 1, groups: 2, bias: true),
    Case(
      batch: 64, inputChannels: 30, outputChannels: 24, size: 8, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 70, inputChannels: 30, outputChannels: 20, size: 4, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 70, inputChannels: 30, outputChannels: 16, size: 4, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: true),
    Case(
      batch: 66, inputChannels: 5, outputChannels: 10, size: 4, kernel: 5, stride: 1,
      padding: 2, groups: 1, bias: false),
    Case(
      batch: 66, inputChannels: 7, outputChannels: 12, size: 6, kernel: 3, stride: 2,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 1_100, inputChannels: 4, outputChannels: 12, size: 2, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 6, inputChannels: 30, outputChannels: 20, size: 4, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 10, inputChannels: 32, outputChannels: 16, size: 2, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: true),
    Case(
      batch: 3, inputChannels: 32, outputChannels: 20, size: 32, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: true),
    Case(
      batch: 5, inputChannels: 3, outputChannels: 13, size: 6, kernel: 3, stride: 2, padding: 1,
      groups: 1, bias: false),
    Case(
      batch: 1, inputChannels: 16, outputChannels: 24, size: 7, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 4, inputChannels: 8, outputChannels: 12, size: 5, kernel: 1, stride: 1, padding: 0,
      groups: 1, bias: true),
    Case(
      batch: 2, inputChannels: 6, outputChannels: 18, size: 9, kernel: 3, stride: 1, padding: 0,
      groups: 2, bias: false),
    Case(
      batch: 2, inputChannels: 30, outputChannels: 40, size: 4, kernel: 3, stride: 1,
      padding: 2, groups: 1, bias: false),
    Case(
      batch: 2, inputChannels: 10, outputChannels: 16, size: 11, kernel: 5, stride: 2,
      padding: 2, groups: 1, bias: true),
    Case(
      batch: 2, inputChannels: 40, outputChannels: 16, size: 10, kernel: 3, stride: 1,
      padding: 1, groups: 1, bias: false),
    Case(
      batch: 70, inputChannels: 7, outputChannels: 10, size: 6, kernel: 5, stride: 1,
      padding: 2, groups: 1, bias: false),
    Case(
      batch: 3, inputChannels: 5, outputChannels: 24, size: 17, kernel: 5, stride: 1,
      padding: 2, groups: 1, bias: true),
    Case(
      batch: 4, inputChannels: 8, outputChannels: 24, size: 16, kernel: 1, stride: 1,
      padding: 0, groups: 2, bias: false),
    Case(
      batch: 2, inputChannels: 9, outputChannels: 16, size: 18, kernel: 3, stride: 1,
      padding: 0, groups: 1, bias: false),
  ]

  @Test(arguments: implicitGEMMCases)
  func implicitGEMMMatchesReference(_ c: Case) {
    fastKernelMatchesReference(c)
  }

  @Test(arguments: grid)
  func fastKernelMatchesReference(_ c: Case) {
    let x = Tensor(normal: [c.batch, c.inputChannels, c.size, c.size], seed: 1)
    let w = Tensor(normal: c.config.weightShape, seed: 2)
    let b = c.bias ? Tensor(normal: [c.outputChannels], seed: 3) : nil
    let fast = Convolution.forward(x, weight: w, bias: b, config: c.config)
    let reference = ConvolutionReference.forward(x, weight: w, bias: b, config: c.config)
    #expect(fast.shape == reference.shape)
    #expect(fast.maxAbsoluteDifference(reference) < 1e-4)

    let dy = Tensor(normal: fast.shape, seed: 4)
    let g = Convolution.backward(
      x, weight: w, hasBias: c.bias, outputGradient: dy, config: c.config)
    let r = ConvolutionReference.backward(x, weight: w, outputGradient: dy, config: c.config)
    #expect(Self.relativeDifference(g.input!, r.input) < 1e-5)
    #expect(Self.relativeDifference(g.weight, r.weight) < 1e-5)
    if c.bias { #expect(Self.relativeDifference(g.bias!, r.bias) < 1e-5) }
  }

  /// The largest difference relative to the reference's largest magnitude (at least 1):
  /// gradients summed over thousands of columns differ in their last bits by summation
  /// order alone.
  static func relativeDifference(_ fast: Tensor, _ reference: Tensor) -> Float {
    let scale = max(1, reference.scalars.map(abs).max() ?? 0)
    return fast.maxAbsoluteDifference(reference) / scale
  }

  @Test func blockingOverImagesGivesTheSameResult() {
    let config = ConvolutionConfig(
      inputChannels: 3, outputChannels: 5, kernelSize: 3, stride: 1, padding: 1)
    let x = Tensor(normal: [5, 3, 6, 6], seed: 5)
    let w = Tensor(normal: config.weightShape, seed: 6)
    let whole = Convolution.forward(x, weight: w, bias: nil, config: config)
    let blocked = Convolution.forward(x, weight: w, bias: nil, config: config, imagesPerBlock: 2)
    #expect(whole.maxAbsoluteDifference(blocked) < 1e-5)
    let dy = Tensor(normal: whole.shape, seed: 7)
    let a = Convolution.backward(x, weight: w, hasBias: false, outputGradient: dy, config: config)
    let b = Convolution.backward(
      x, weight: w, hasBias: false, outputGradient: dy, config: config, imagesPerBlock: 2)
    #expect(a.input!.maxAbsoluteDifference(b.input!) < 1e-5)
    #expect(a.weight.maxAbsoluteDifference(b.weight) < 1e-4)
  }

  static let gradientCases: [Case] = [
    Case(
      batch: 2, inputChannels: 3, outputChannels: 4, size: 5, kernel: 3, stride: 1, padding: 1,
      groups: 1, bias: true),
    Case(
      batch: 2, inputChannels: 2, outputChannels: 3, size: 6, kernel: 3, stride: 2, padding: 1,
      groups: 1, bias: false),
    Case(
      batch: 1, inputChannels: 4, outputChannels: 4, size: 5, kernel: 3, stride: 1, padding: 1,
      groups: 2, bias: true),
    Case(
      batch: 2, inputChannels: 3, outputChannels: 3, size: 6, kernel: 3, stride: 2, padding: 1,
      groups: 3, bias: false),
    Case(
      batch: 1, inputChannels: 2, outputChannels: 4, size: 4, kernel: 1, stride: 1, padding: 0,
      groups: 1, bias: false),
  ]

  @Test(arguments: gradientCases)
  func gradientsMatchFiniteDifferences(_ c: Case) {
    let x = Tensor(normal: [c.batch, c.inputChannels, c.size, c.size], seed: 11)
    let w = Tensor(normal: c.config.weightShape, seed: 12)
    let b = c.bias ? Tensor(normal: [c.outputChannels], seed: 13) : nil
    let y = Convolution.forward(x, weight: w, bias: b, config: c.config)
    let projection = Tensor(normal: y.shape, seed: 14)
    let g = Convolution.backward(
      x, weight: w, hasBias: c.bias, outputGradient: projection, config: c.config)
    let inputError = GradientCheck.error(
      analytic: g.input!, of: { Convolution.forward($0, weight: w, bias: b, config: c.config) },
      at: x, projection: projection)
    let weightError = GradientCheck.error(
      analytic: g.weight, of: { Convolution.forward(x, weight: $0, bias: b, config: c.config) },
      at: w, projection: projection)
    #expect(inputError < GradientCheck.tolerance)
    #expect(weightError < GradientCheck.tolerance)
    if let b {
      let biasError = GradientCheck.error(
        analytic: g.bias!, of: { Convolution.forward(x, weight: w, bias: $0, config: c.config) },
        at: b, projection: projection)
      #expect(biasError < GradientCheck.tolerance)
    }
  }
}
