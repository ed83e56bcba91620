import Engine
import Results

/// HRank (Lin et al., "HRank: Filter Pruning using High-Rank Feature Map", CVPR 2020,
/// arXiv:2002.10179): a filter's importance is the average matrix rank of its output maps
/// over the calibration images. The rank counts singular values above
/// max(H, W) · ε · σ_max (ε of Float32), as `torch.linalg.matrix_rank` does.
public struct HRankCriterion: PruningCriterion {
  public var site: ActivationSite
  public init(site: ActivationSite = .postActivation) { self.site = site }
  public var name: String { CriterionName.hrank.slug }
  public var options: [String: String] { ["activation": site.rawValue] }
  public var needsCalibration: Bool { true }

  public func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws
    -> [Int: [Double]]
  {
    let sites = site.nodes(network, graph: graph)
    var totals = [Int: [Double]]()
    forEachCalibrationBatch(network, calibration: calibration, sites: Set(sites.values)) {
      activations in
      for (producer, siteNode) in sites {
        let ranks = Self.ranks(activations[siteNode]!)
        totals[producer] = totals[producer].map { zip($0, ranks).map(+) } ?? ranks
      }
    }
    let images = Double(calibration.imageCount)
    return totals.mapValues { $0.map { $0 / images } }
  }

  /// Per channel, the sum over images of the rank of each map.
  static func ranks(_ activation: Tensor) -> [Double] {
    let (n, c, h, w) = activation.nchw("hrank scores")
    var result = [Double](repeating: 0, count: c)
    activation.scalars.withUnsafeBufferPointer { x in
      result.withUnsafeMutableBufferPointer { out in
        let xBase = x.baseAddress!, outBase = out.baseAddress!
        Threading.parallelFor(c) { channels in
          var gram = [Double](repeating: 0, count: w * w)
          for ch in channels {
            var total = 0.0
            for i in 0..<n {
              let m = xBase + (i * c + ch) * h * w
              for a in 0..<w {
                for b in a..<w {
                  var s = 0.0
                  for row in 0..<h { s += Double(m[row * w + a]) * Double(m[row * w + b]) }
                  gram[a * w + b] = s
                  gram[b * w + a] = s
                }
              }
              let values = SymmetricEigenvalues.of(gram, n: w)
              let largest = values.max() ?? 0
              guard largest > 0 else { continue }
              let tolerance = Double(max(h, w)) * Double(Float.ulpOfOne) * largest.squareRoot()
              total += Double(values.filter { $0 > 0 && $0.squareRoot() > tolerance }.count)
            }
            outBase[ch] = total
          }
        }
      }
    }
    return result
  }
}

/// First-order Taylor importance (Molchanov et al., "Importance Estimation for Neural
/// Network Pruning", CVPR 2019, arXiv:1906.10771), per docs/method.md: |Σ activation ×
/// gradient| per channel over the calibration batches, with the cross-entropy loss on
/// their labels, in eval mode.
public struct TaylorCriterion: PruningCriterion {
  public var site: ActivationSite
  public init(site: ActivationSite = .postActivation) { self.site = site }
  public var name: String { CriterionName.taylor.slug }
  public var options: [String: String] { ["activation": site.rawValue] }
  public var needsCalibration: Bool { true }

  public func scores(_ network: Network, graph: DependencyGraph, calibration: Calibration) throws
    -> [Int: [Double]]
  {
    let sites = site.nodes(network, graph: graph)
    var sums = [Int: [Double]]()
    var copy = network
    for (images, labels) in zip(calibration.batches, calibration.labels) {
      let pass = copy.forward(images, mode: .eval)
      let loss = CrossEntropy.lossAndGradient(logits: pass.output, labels: labels)
      let gradients = network.backward(
        pass, outputGradient: loss.gradient, retainingGradients: Set(sites.values)
      ).nodes
      for (producer, siteNode) in sites {
        let a = pass.outputs[siteNode]!, g = gradients[siteNode] ?? Tensor(zeros: a.shape)
        let (n, c, h, w) = a.nchw("taylor scores")
        var channelSums = sums[producer] ?? [Double](repeating: 0, count: c)
        for i in 0..<n {
          for ch in 0..<c {
            let base = (i * c + ch) * h * w
            var s = 0.0
            for j in 0..<(h * w) { s += Double(a.scalars[base + j]) * Double(g.scalars[base + j]) }
            channelSums[ch] += s
          }
        }
        sums[producer] = channelSums
      }
    }
    return sums.mapValues { $0.map(abs) }
  }
}
