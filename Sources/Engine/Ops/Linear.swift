/// The fully connected layer `y = x Wᵀ + b` for `x` of shape `[N, inputFeatures]`, with
/// own GEMMs; `LinearReference` is the plain oracle.
public enum Linear {
  static func check(_ input: Tensor, _ weight: Tensor, _ config: LinearConfig) {
    precondition(
      input.rank == 2 && input.shape[1] == config.inputFeatures,
      "linear: input \(input.shape) should be [N, \(config.inputFeatures)]")
    precondition(
      weight.shape == config.weightShape,
      "linear: weight \(weight.shape) should be \(config.weightShape)")
  }

  public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, config: LinearConfig)
    -> Tensor
  {
    check(input, weight, config)
    let n = input.shape[0], inF = config.inputFeatures, outF = config.outputFeatures
    var output = Tensor(zeros: [n, outF])
    if let bias {
      for i in 0..<n {
        for o in 0..<outF { output.scalars[i * outF + o] = bias.scalars[o] }
      }
    }
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        output.scalars.withUnsafeMutableBufferPointer { y in
          GEMM.sgemm(
            transposeB: true, m: n, n: outF, k: inF, a: x.baseAddress!, lda: inF,
            b: wt.baseAddress!, ldb: inF, beta: bias == nil ? 0 : 1, c: y.baseAddress!, ldc: outF)
        }
      }
    }
    return output
  }

  public static func backward(
    _ input: Tensor, weight: Tensor, hasBias: Bool, outputGradient: Tensor, config: LinearConfig,
    needInputGradient: Bool = true
  ) -> (input: Tensor?, weight: Tensor, bias: Tensor?) {
    check(input, weight, config)
    let n = input.shape[0], inF = config.inputFeatures, outF = config.outputFeatures
    precondition(
      outputGradient.shape == [n, outF],
      "linear backward: gradient \(outputGradient.shape) should be [\(n), \(outF)]")
    var dx = Tensor(zeros: needInputGradient ? input.shape : [0])
    var dw = Tensor(zeros: weight.shape)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { wt in
        outputGradient.scalars.withUnsafeBufferPointer { dy in
          dw.scalars.withUnsafeMutableBufferPointer { gw in
            GEMM.sgemm(
              transposeA: true, m: outF, n: inF, k: n, a: dy.baseAddress!, lda: outF,
              b: x.baseAddress!, ldb: inF, c: gw.baseAddress!, ldc: inF)
          }
          if needInputGradient {
            dx.scalars.withUnsafeMutableBufferPointer { gx in
              GEMM.sgemm(
                m: n, n: inF, k: outF, a: dy.baseAddress!, lda: outF,
                b: wt.baseAddress!, ldb: inF, c: gx.baseAddress!, ldc: inF)
            }
          }
        }
      }
    }
    var db: Tensor?
    if hasBias {
      var sums = [Float](repeating: 0, count: outF)
      for i in 0..<n {
        for o in 0..<outF { sums[o] += outputGradient.scalars[i * outF + o] }
      }
      db = Tensor(shape: [outF], scalars: sums)
    }
    return (needInputGradient ? dx : nil, dw, db)
  }
}

/// The plain oracle of `Linear`, summing in Double.
public enum LinearReference {
  public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, config: LinearConfig)
    -> Tensor
  {
    Linear.check(input, weight, config)
    let n = input.shape[0], inF = config.inputFeatures, outF = config.outputFeatures
    var y = Tensor(zeros: [n, outF])
    for i in 0..<n {
      for o in 0..<outF {
        var total = Double(bias?.scalars[o] ?? 0)
        for j in 0..<inF {
          total += Double(input.scalars[i * inF + j]) * Double(weight.scalars[o * inF + j])
        }
        y.scalars[i * outF + o] = Float(total)
      }
    }
    return y
  }

  public static func backward(
    _ input: Tensor, weight: Tensor, outputGradient: Tensor, config: LinearConfig
  )
    -> (input: Tensor, weight: Tensor, bias: Tensor)
  {
    let n = input.shape[0], inF = config.inputFeatures, outF = config.outputFeatures
    var dx = [Double](repeating: 0, count: input.count)
    var dw = [Double](repeating: 0, count: weight.count)
    var db = [Double](repeating: 0, count: outF)
    for i in 0..<n {
      for o in 0..<outF {
        let g = Double(outputGradient.scalars[i * outF + o])
        db[o] += g
        for j in 0..<inF {
          dx[i * inF + j] += g * Double(weight.scalars[o * inF + j])
          dw[o * inF + j] += g * Double(input.scalars[i * inF + j])
        }
      }
    }
    return (
      Tensor(shape: input.shape, scalars: dx.map(Float.init)),
      Tensor(shape: weight.shape, scalars: dw.map(Float.init)),
      Tensor(shape: [outF], scalars: db.map(Float.init))
    )
  }
}
