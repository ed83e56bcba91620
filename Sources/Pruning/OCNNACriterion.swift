import Engine
import Foundation
import Results

/// OCNNA's importance (Balderas, Lastra & Benítez, arXiv:2401.01361; Mathematics
/// 12(19):3032, 2024), as docs/method.md §1–§4 define it:
///
/// 1. P = PCA of each output map X (H × W; rows are observations, columns variables):
///    centre the columns, take the eigenvalues λ₁ ≥ λ₂ ≥ … of XᵀX/(H − 1) and keep the
///    fewest q whose cumulative share of the variance is ≥ `varianceShare`;
/// 2. F = ‖X_c V_q‖_F = sqrt((H − 1) · Σ_{i≤q} λᵢ), one value per image (0 for a
///    constant map);
/// 3. C = std(F) / mean(F) over the calibration images (population standard deviation);
///    a filter whose mean F is 0 scores 0.
///
/// `reading.pcaInput == .images` replaces steps 1–2 by one PCA per filter over the images
/// (`ImagePCA`); `reading.aggregate` replaces step 3 by an ablation (`meanF`,
/// `cv-inverted`).
public struct OCNNACriterion: PruningCriterion {
  public var varianceShare: Double
  public var site: ActivationSite
  public var reading: OCNNAReading

  public init(
    varianceShare: Double = 0.95, site: ActivationSite = .postActivation,
    reading: OCNNAReading = .standard
  ) {
    self.varianceShare = varianceShare
    self.site = site
    self.reading = reading
  }

  public var name: String { CriterionName.ocnna.slug }
  public var options: [String: String] {
    var options = ["varianceShare": String(varianceShare), "activation": site.rawValue]
    if reading.aggregate != .cv { options["aggregate"] = reading.aggregate.rawValue }
    if reading.pcaInput != .spatial { options["pcaInput"] = reading.pcaInput.rawValue }
    return options
  }
  public var needsCalibration: Bool { true }

  public func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws
    -> [Int: [Double]]
  {
    guard varianceShare > 0, varianceShare <= 1 else {
      throw PruningError.invalidOption("variance share \(varianceShare) is not in (0, 1]")
    }
    let sites = site.nodes(network, graph: graph)
    if reading.pcaInput == .images {
      return Self.imageNorms(network, sites: sites, calibration: calibration, share: varianceShare)
        .mapValues { $0.map { Self.aggregate($0, reading.aggregate) } }
    }
    var norms = [Int: [[Double]]]()  // producer → per channel, F for each image
    forEachCalibrationBatch(network, calibration: calibration, sites: Set(sites.values)) {
      activations in
      for (producer, siteNode) in sites {
        let batchNorms = Self.frobeniusNorms(activations[siteNode]!, varianceShare: varianceShare)
        if norms[producer] == nil {
          norms[producer] = batchNorms
        } else {
          for c in batchNorms.indices { norms[producer]![c] += batchNorms[c] }
        }
      }
    }
    return norms.mapValues { $0.map { Self.aggregate($0, reading.aggregate) } }
  }

  /// For each producer, per channel, F of each calibration image under the `images`
  /// reading: every image's map of a channel is kept until the last batch, then one PCA per
  /// channel (`ImagePCA`), channels spread over the threads.
  static func imageNorms(
    _ network: Network, sites: [Int: Int], calibration: Calibration, share: Double
  ) -> [Int: [[Double]]] {
    var maps = [Int: [[Float]]]()  // producer → per channel, the maps of every image so far
    var planeSize = [Int: Int]()
    forEachCalibrationBatch(network, calibration: calibration, sites: Set(sites.values)) {
      activations in
      for (producer, siteNode) in sites {
        let activation = activations[siteNode]!
        let (n, c, h, w) = activation.nchw("ocnna scores")
        planeSize[producer] = h * w
        if maps[producer] == nil { maps[producer] = [[Float]](repeating: [], count: c) }
        activation.scalars.withUnsafeBufferPointer { x in
          for ch in 0..<c {
            for i in 0..<n {
              let start = (i * c + ch) * h * w
              maps[producer]![ch].append(contentsOf: x[start..<(start + h * w)])
            }
          }
        }
      }
    }
    var result = [Int: [[Double]]]()
    for (producer, channels) in maps {
      let size = planeSize[producer]!
      var norms = [[Double]](repeating: [], count: channels.count)
      norms.withUnsafeMutableBufferPointer { out in
        let outBase = out.baseAddress!
        Threading.parallelFor(channels.count, minimumPerThread: 1) { range in
          for ch in range {
            outBase[ch] = channels[ch].withUnsafeBufferPointer {
              ImagePCA.norms($0, images: $0.count / size, size: size, varianceShare: share)
            }
          }
        }
      }
      result[producer] = norms
    }
    return result
  }

  /// One score from a filter's per-image F.
  public static func aggregate(_ values: [Double], _ kind: OCNNAReading.Aggregate) -> Double {
    switch kind {
    case .cv: return coefficientOfVariation(values)
    case .meanF: return values.reduce(0, +) / Double(max(1, values.count))
    case .cvInverted:
      let cv = coefficientOfVariation(values)
      return cv > 0 ? 1 / cv : 0
    }
  }

  /// std / mean (population), 0 when the mean is 0.
  public static func coefficientOfVariation(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(max(1, values.count))
    guard mean > 0 else { return 0 }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return variance.squareRoot() / mean
  }

  /// For each channel of an `NCHW` activation, F of each image.
  public static func frobeniusNorms(_ activation: Tensor, varianceShare: Double) -> [[Double]] {
    let (n, c, h, w) = activation.nchw("ocnna scores")
    var result = [[Double]](repeating: [Double](repeating: 0, count: n), count: c)
    activation.scalars.withUnsafeBufferPointer { x in
      result.withUnsafeMutableBufferPointer { out in
        let xBase = x.baseAddress!, outBase = out.baseAddress!
        Threading.parallelFor(c) { channels in
          var map = [Double](repeating: 0, count: h * w)
          for ch in channels {
            for i in 0..<n {
              let source = xBase + (i * c + ch) * h * w
              for j in 0..<(h * w) { map[j] = Double(source[j]) }
              outBase[ch][i] = mapNorm(&map, rows: h, columns: w, varianceShare: varianceShare)
            }
          }
        }
      }
    }
    return result
  }

  /// F of one `rows × columns` map (centred in place).
  static func mapNorm(_ map: inout [Double], rows h: Int, columns w: Int, varianceShare: Double)
    -> Double
  {
    guard h > 1 else { return 0 }  // one observation: nothing varies
    for col in 0..<w {
      var mean = 0.0
      for row in 0..<h { mean += map[row * w + col] }
      mean /= Double(h)
      for row in 0..<h { map[row * w + col] -= mean }
    }
    let total = map.reduce(0) { $0 + $1 * $1 }  // (H − 1) · Σ λ
    guard total > 0 else { return 0 }
    if varianceShare >= 1 { return total.squareRoot() }
    var covariance = [Double](repeating: 0, count: w * w)
    for a in 0..<w {
      for b in a..<w {
        var s = 0.0
        for row in 0..<h { s += map[row * w + a] * map[row * w + b] }
        covariance[a * w + b] = s
        covariance[b * w + a] = s
      }
    }
    // Eigenvalues of XᵀX are (H − 1)·λ; shares are the same.
    let values = SymmetricEigenvalues.of(covariance, n: w).map { max(0, $0) }.sorted(by: >)
    let kept = SpectralShare.components(values, keeping: varianceShare)
    return values.prefix(kept).reduce(0, +).squareRoot()
  }
}
