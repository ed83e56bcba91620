import Engine
import Foundation

/// OCNNA's F under the `images` reading (docs/method.md §3): one PCA per filter whose
/// observations are the N calibration images' flattened maps (N × D, D = H·W), centred over
/// the images; q is the fewest components keeping the variance share, and F of image i is
/// the norm of its centred map's projection on them, ‖(X_c V_q)ᵢ‖.
///
/// The smaller of the two cross products is decomposed: the D × D covariance X_cᵀX_c when
/// D ≤ N, else the N × N Gram matrix X_cX_cᵀ = U Λ Uᵀ, whose eigenvectors give the same
/// projections without the D-dimensional components, X_c V_q = U_q Λ_q^½, so that
/// F_i² = Σ_{k ≤ q} λ_k U_ik². With 256 calibration images a 32 × 32 map is a 256 × 256
/// problem rather than a 1,024 × 1,024 one.
public enum ImagePCA {
  /// Which cross product is decomposed; `automatic` takes the smaller.
  public enum Side: Sendable { case automatic, covariance, gram }

  /// F of each of `images` maps of `size` values each, stored one after another.
  public static func norms(
    _ maps: UnsafeBufferPointer<Float>, images n: Int, size d: Int, varianceShare: Double,
    side: Side = .automatic
  ) -> [Double] {
    precondition(maps.count == n * d, "ImagePCA: \(maps.count) values for \(n) maps of \(d)")
    guard n > 1, d > 0 else { return [Double](repeating: 0, count: n) }  // nothing varies
    var centred = [Double](repeating: 0, count: n * d)
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<n { for j in 0..<d { mean[j] += Double(maps[i * d + j]) } }
    for j in 0..<d { mean[j] /= Double(n) }
    for i in 0..<n { for j in 0..<d { centred[i * d + j] = Double(maps[i * d + j]) - mean[j] } }
    let rowNorms = (0..<n).map { i in
      centred[(i * d)..<((i + 1) * d)].reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
    guard rowNorms.contains(where: { $0 > 0 }) else { return rowNorms }
    if varianceShare >= 1 { return rowNorms }  // every component kept: the centred map's norm

    let useGram = side == .gram || (side == .automatic && n < d)
    if useGram {
      var transposed = [Double](repeating: 0, count: n * d)
      for i in 0..<n { for j in 0..<d { transposed[j * n + i] = centred[i * d + j] } }
      let gram = crossProduct(transposed, rows: d, length: n)
      let decomposition = SymmetricEigenDecomposition(gram, n: n)
      let values = decomposition.values.map { max(0, $0) }
      let q = SpectralShare.components(values, keeping: varianceShare)
      return (0..<n).map { i in
        var sum = 0.0
        for k in 0..<q {
          let u = decomposition.vectors[k * n + i]
          sum += values[k] * u * u
        }
        return sum.squareRoot()
      }
    }
    let covariance = crossProduct(centred, rows: n, length: d)
    let decomposition = SymmetricEigenDecomposition(covariance, n: d)
    let q = SpectralShare.components(
      decomposition.values.map { max(0, $0) }, keeping: varianceShare)
    return (0..<n).map { i in
      var sum = 0.0
      for k in 0..<q {
        var projection = 0.0
        for j in 0..<d { projection += centred[i * d + j] * decomposition.vectors[k * d + j] }
        sum += projection * projection
      }
      return sum.squareRoot()
    }
  }

  /// Σ_r xᵣᵀxᵣ over the `rows` rows of `x` (`rows × length`), a symmetric `length × length`
  /// matrix, formed by rank-1 updates of the upper triangle (an inner loop without a
  /// reduction, which the compiler vectorises) and mirrored.
  static func crossProduct(_ x: [Double], rows: Int, length: Int) -> [Double] {
    var product = [Double](repeating: 0, count: length * length)
    x.withUnsafeBufferPointer { x in
      product.withUnsafeMutableBufferPointer { p in
        for r in 0..<rows {
          let row = x.baseAddress! + r * length
          for a in 0..<length {
            let scale = row[a]
            if scale == 0 { continue }  // after a ReLU, many pixels are zero
            let out = p.baseAddress! + a * length
            for b in a..<length { out[b] += scale * row[b] }
          }
        }
        for a in 0..<length { for b in 0..<a { p[a * length + b] = p[b * length + a] } }
      }
    }
    return product
  }
}

/// How many of a spectrum's leading components keep a share of its variance.
enum SpectralShare {
  /// The fewest leading `values` (descending, non-negative) whose sum is at least `share`
  /// of the total (with a 10⁻¹² relative allowance for rounding); all of them when the
  /// total is 0.
  static func components(_ values: [Double], keeping share: Double) -> Int {
    let sum = values.reduce(0, +)
    var kept = 0.0
    for (index, value) in values.enumerated() {
      kept += value
      if kept >= share * sum * (1 - 1e-12) { return index + 1 }
    }
    return values.count
  }
}
