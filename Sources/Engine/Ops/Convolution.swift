/// 2-D convolution (cross-correlation, as in PyTorch) with stride, zero padding and groups.
///
/// The fast path lowers blocks of images with im2col and multiplies with one GEMM
/// per block and group; depthwise convolutions use the direct kernel of
/// `DepthwiseConvolution`. `ConvolutionReference` is the plain oracle used by tests.
public enum Convolution {
  /// The largest column buffer, in scalars, before the batch is split into blocks
  /// (16 MiB): large enough that each GEMM keeps thousands of columns, small enough to be
  /// reused from the scratch pool instead of faulting in fresh pages.
  static let columnBudget = 4 << 20

  /// The output shape for an `NCHW` input shape.
  public static func outputShape(_ input: [Int], _ config: ConvolutionConfig) -> [Int] {
    precondition(
      input.count == 4 && input[1] == config.inputChannels,
      "conv2d: input shape \(input) does not have \(config.inputChannels) channels in NCHW")
    let oh = config.outputSize(input[2]), ow = config.outputSize(input[3])
    precondition(
      oh > 0 && ow > 0,
      "conv2d: input \(input) too small for kernel \(config.kernelSize) with padding \(config.padding)"
    )
    return [input[0], config.outputChannels, oh, ow]
  }

  static func checkWeights(
    _ input: Tensor, _ weight: Tensor, _ bias: Tensor?, _ config: ConvolutionConfig
  ) {
    precondition(
      weight.shape == config.weightShape,
      "conv2d: weight shape \(weight.shape) should be \(config.weightShape) for input \(input.shape)"
    )
    if let bias {
      precondition(
        bias.shape == [config.outputChannels],
        "conv2d: bias shape \(bias.shape) should be [\(config.outputChannels)]")
    }
  }

  /// Images per im2col block for the given geometry.
  static func blockSize(_ lowering: Im2Col, imageCount: Int) -> Int {
    max(1, min(imageCount, columnBudget / max(1, lowering.rows * lowering.planeSize)))
  }

  /// The convolution of `input` (`NCHW`) with `weight` (`OIHW`) plus `bias`.
  ///
  /// `imagesPerBlock` overrides the block size (tests use it to exercise blocking).
  public static func forward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, config: ConvolutionConfig,
    imagesPerBlock: Int? = nil
  ) -> Tensor {
    checkWeights(input, weight, bias, config)
    if config.isDepthwise {
      return DepthwiseConvolution.forward(input, weight: weight, bias: bias, config: config)
    }
    if imagesPerBlock == nil, var direct = narrowForward(input, weight: weight, config: config) {
      if let bias { addBias(bias, to: &direct) }
      return direct
    }
    if imagesPerBlock == nil, usesImplicitGEMM {
      var output = implicitForward(input, weight: weight, config: config)
      if let bias { addBias(bias, to: &output) }
      return output
    }
    let outShape = outputShape(input.shape, config)
    let (n, _, h, w) = input.nchw("conv2d")
    let lowering = Im2Col(config: config, height: h, width: w)
    let plane = lowering.planeSize
    let groupOut = config.outputChannels / config.groups
    let block = imagesPerBlock ?? blockSize(lowering, imageCount: n)
    var output = Tensor(zeros: outShape)
    let columnScalars = lowering.rows * block * plane
    Scratch.withBuffer(count: columnScalars + groupOut * block * plane) { scratch in
      let col = UnsafeMutableBufferPointer(start: scratch, count: columnScalars)
      let prod = UnsafeMutableBufferPointer(
        start: scratch + columnScalars, count: groupOut * block * plane)
      input.scalars.withUnsafeBufferPointer { x in
        weight.scalars.withUnsafeBufferPointer { wt in
          output.scalars.withUnsafeMutableBufferPointer { y in
            for first in stride(from: 0, to: n, by: block) {
              let count = min(block, n - first)
              let columnCount = count * plane
              for g in 0..<config.groups {
                lowering.lower(
                  x.baseAddress!, firstImage: first, imageCount: count, group: g,
                  into: col.baseAddress!)
                GEMM.sgemm(
                  m: groupOut, n: columnCount, k: lowering.rows,
                  a: wt.baseAddress! + g * groupOut * lowering.rows, lda: lowering.rows,
                  b: col.baseAddress!, ldb: columnCount,
                  c: prod.baseAddress!, ldc: columnCount)
                scatter(
                  prod.baseAddress!, into: y.baseAddress!, firstImage: first, imageCount: count,
                  channelOffset: g * groupOut, channelCount: groupOut,
                  totalChannels: config.outputChannels, plane: plane)
              }
            }
          }
        }
      }
    }
    if let bias { addBias(bias, to: &output) }
    return output
  }

  /// The gradients with respect to the input (when asked), the weight and the bias.
  public static func backward(
    _ input: Tensor, weight: Tensor, hasBias: Bool, outputGradient: Tensor,
    config: ConvolutionConfig, needInputGradient: Bool = true, imagesPerBlock: Int? = nil
  ) -> (input: Tensor?, weight: Tensor, bias: Tensor?) {
    checkWeights(input, weight, nil, config)
    precondition(
      outputGradient.shape == outputShape(input.shape, config),
      "conv2d backward: output gradient \(outputGradient.shape) does not match input \(input.shape)"
    )
    let biasGradient = hasBias ? channelSums(outputGradient) : nil
    if config.isDepthwise {
      let (dx, dw) = DepthwiseConvolution.backward(
        input, weight: weight, outputGradient: outputGradient, config: config,
        needInputGradient: needInputGradient)
      return (dx, dw, biasGradient)
    }
    let (n, _, h, w) = input.nchw("conv2d backward")
    let implicit = imagesPerBlock == nil && usesImplicitGEMM
    let transposedInputGradient =
      needInputGradient && prefersTransposedInputGradient(config, implicit: implicit)
    let lowering = Im2Col(config: config, height: h, width: w)
    let plane = lowering.planeSize
    let groupOut = config.outputChannels / config.groups
    let block = imagesPerBlock ?? blockSize(lowering, imageCount: n)
    var weightGradient =
      implicit
      ? implicitWeightGradient(input, outputGradient: outputGradient, config: config)
      : Tensor(zeros: weight.shape)
    let columnGradient = needInputGradient && !transposedInputGradient
    var inputGradient = columnGradient ? Tensor(zeros: input.shape) : Tensor(zeros: [0])
    if implicit && !columnGradient {
      if transposedInputGradient {
        inputGradient = inputGradientByTransposedConvolution(
          outputGradient, weight: weight, config: config)
      }
      return (needInputGradient ? inputGradient : nil, weightGradient, biasGradient)
    }
    let columnScalars = lowering.rows * block * plane
    Scratch.withBuffer(count: columnScalars + groupOut * block * plane) { scratch in
      let col = UnsafeMutableBufferPointer(start: scratch, count: columnScalars)
      let dyBlock = UnsafeMutableBufferPointer(
        start: scratch + columnScalars, count: groupOut * block * plane)
      input.scalars.withUnsafeBufferPointer { x in
        weight.scalars.withUnsafeBufferPointer { wt in
          outputGradient.scalars.withUnsafeBufferPointer { dy in
            weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
              inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                for first in stride(from: 0, to: n, by: block) {
                  let count = min(block, n - first)
                  let columnCount = count * plane
                  for g in 0..<config.groups {
                    gather(
                      dy.baseAddress!, into: dyBlock.baseAddress!, firstImage: first,
                      imageCount: count, channelOffset: g * groupOut, channelCount: groupOut,
                      totalChannels: config.outputChannels, plane: plane)
                    if !implicit {
                      lowering.lower(
                        x.baseAddress!, firstImage: first, imageCount: count, group: g,
                        into: col.baseAddress!)
                      accumulateWeightGradient(
                        dyBlock.baseAddress!, col.baseAddress!, outputs: groupOut,
                        rows: lowering.rows, columns: columnCount,
                        into: dw.baseAddress! + g * groupOut * lowering.rows)
                    }
                    guard columnGradient else { continue }
                    GEMM.sgemm(
                      transposeA: true, m: lowering.rows, n: columnCount, k: groupOut,
                      a: wt.baseAddress! + g * groupOut * lowering.rows, lda: lowering.rows,
                      b: dyBlock.baseAddress!, ldb: columnCount,
                      c: col.baseAddress!, ldc: columnCount)
                    lowering.raise(
                      col.baseAddress!, firstImage: first, imageCount: count, group: g,
                      into: dx.baseAddress!)
                  }
                }
              }
            }
          }
        }
      }
    }
    if transposedInputGradient {
      inputGradient = inputGradientByTransposedConvolution(
        outputGradient, weight: weight, config: config)
    }
    return (needInputGradient ? inputGradient : nil, weightGradient, biasGradient)
  }

  /// Copies a `[channelCount, imageCount·plane]` block into channels of an `NCHW` tensor.
  static func scatter(
    _ block: UnsafePointer<Float>, into tensor: UnsafeMutablePointer<Float>, firstImage: Int,
    imageCount: Int, channelOffset: Int, channelCount: Int, totalChannels: Int, plane: Int
  ) {
    Threading.parallelFor(channelCount, minimumPerThread: 2) { range in
      for c in range {
        for i in 0..<imageCount {
          let dst = tensor + ((firstImage + i) * totalChannels + channelOffset + c) * plane
          dst.update(from: block + (c * imageCount + i) * plane, count: plane)
        }
      }
    }
  }

  /// Copies channels of an `NCHW` tensor into a `[channelCount, imageCount·plane]` block.
  static func gather(
    _ tensor: UnsafePointer<Float>, into block: UnsafeMutablePointer<Float>, firstImage: Int,
    imageCount: Int, channelOffset: Int, channelCount: Int, totalChannels: Int, plane: Int
  ) {
    Threading.parallelFor(channelCount, minimumPerThread: 2) { range in
      for c in range {
        for i in 0..<imageCount {
          let src = tensor + ((firstImage + i) * totalChannels + channelOffset + c) * plane
          (block + (c * imageCount + i) * plane).update(from: src, count: plane)
        }
      }
    }
  }

  /// Adds a per-channel bias to an `NCHW` tensor.
  static func addBias(_ bias: Tensor, to output: inout Tensor) {
    let (n, c, h, w) = output.nchw("conv2d bias")
    let plane = h * w
    bias.scalars.withUnsafeBufferPointer { b in
      output.scalars.withUnsafeMutableBufferPointer { y in
        for i in 0..<n {
          for ch in 0..<c {
            let base = (i * c + ch) * plane
            for j in 0..<plane { y[base + j] += b[ch] }
          }
        }
      }
    }
  }

  /// The sum of an `NCHW` tensor over everything but the channel axis.
  public static func channelSums(_ tensor: Tensor) -> Tensor {
    let (n, c, h, w) = tensor.nchw("channel sums")
    let plane = h * w
    var sums = [Float](repeating: 0, count: c)
    tensor.scalars.withUnsafeBufferPointer { y in
      for ch in 0..<c {
        var total: Float = 0
        for i in 0..<n {
          let base = (i * c + ch) * plane
          for j in 0..<plane { total += y[base + j] }
        }
        sums[ch] = total
      }
    }
    return Tensor(shape: [c], scalars: sums)
  }
}
