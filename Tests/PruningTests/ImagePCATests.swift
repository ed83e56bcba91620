import Engine
import Foundation
import Pruning
import Results
import Testing

/// OCNNA's `images` reading (one PCA per filter over the images' flattened maps) against a
/// straightforward Float64 computation: the D × D covariance of the centred maps, its
/// eigenvectors by cyclic Jacobi rotations, and the explicit projections X_c V_q.
struct ImagePCATests {
  /// F of each image the straightforward way.
  static func reference(_ maps: [[Double]], share: Double) -> [Double] {
    let n = maps.count, d = maps[0].count
    let means = (0..<d).map { j in maps.reduce(0) { $0 + $1[j] } / Double(n) }
    let centred = maps.map { zip($0, means).map(-) }
    let covariance = (0..<d).map { a in
      (0..<d).map { b in centred.reduce(0) { $0 + $1[a] * $1[b] } }
    }
    let (values, vectors) = JacobiReference.decompose(covariance)
    let clipped = values.map { max(0, $0) }
    let total = clipped.reduce(0, +)
    var q = 0, kept = 0.0
    while q < d, kept < share * total * (1 - 1e-12) {
      kept += clipped[q]
      q += 1
    }
    return centred.map { x in
      (0..<q).reduce(0.0) { sum, k in
        let p = zip(x, vectors[k]).reduce(0) { $0 + $1.0 * $1.1 }
        return sum + p * p
      }.squareRoot()
    }
  }

  static func maps(images: Int, size: Int, seed: UInt64) -> [Float] {
    Tensor(normal: [images, size], seed: seed).scalars.map { max(0, $0) }  // ReLU-like
  }

  static func norms(_ maps: [Float], images: Int, share: Double, side: ImagePCA.Side) -> [Double] {
    maps.withUnsafeBufferPointer {
      ImagePCA.norms(
        $0, images: images, size: maps.count / images, varianceShare: share, side: side)
    }
  }

  /// Both cross products, on both shapes (more images than pixels and fewer), agree with
  /// the reference.
  @Test(arguments: [(12, 9), (7, 16), (10, 10)])
  func normsMatchTheStraightforwardComputation(images: Int, size: Int) {
    let maps = Self.maps(images: images, size: size, seed: UInt64(images * size))
    let rows = (0..<images).map { i in (0..<size).map { Double(maps[i * size + $0]) } }
    for share in [0.5, 0.9, 0.95, 1.0] {
      let expected = Self.reference(rows, share: share)
      for side in [ImagePCA.Side.automatic, .covariance, .gram] {
        let computed = Self.norms(maps, images: images, share: share, side: side)
        for i in 0..<images {
          #expect(
            abs(computed[i] - expected[i]) <= 1e-9 * max(1, expected[i]),
            "\(images) × \(size), share \(share), \(side): image \(i) \(computed[i]) vs \(expected[i])"
          )
        }
      }
    }
  }

  /// Maps on one line, m + aᵢ·v: one component carries all the variance, so at any share
  /// F_i = |aᵢ − ā|·‖v‖, however many pixels.
  @Test func mapsOnOneLineHaveTheirDistanceAlongIt() {
    let images = 9, size = 40
    let v = (0..<size).map { Float(($0 % 7) - 3) }, m = (0..<size).map { Float($0 % 5) }
    let a: [Float] = [0, 1, 2, 4, 8, -1, 3, 0.5, 6]
    let maps = (0..<images).flatMap { i in (0..<size).map { m[$0] + a[i] * v[$0] } }
    let mean = Double(a.reduce(0, +)) / Double(images)
    let length = v.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot()
    for side in [ImagePCA.Side.covariance, .gram] {
      let computed = Self.norms(maps, images: images, share: 0.5, side: side)
      for i in 0..<images {
        #expect(abs(computed[i] - abs(Double(a[i]) - mean) * length) < 1e-4)
      }
    }
  }

  @Test func identicalOrSingleMapsScoreZero() {
    let same = [Float](repeating: 2, count: 5 * 6)
    #expect(Self.norms(same, images: 5, share: 0.95, side: .automatic) == [0, 0, 0, 0, 0])
    #expect(Self.norms([1, 2, 3], images: 1, share: 0.95, side: .automatic) == [0])
  }

  /// The criterion under the `images` reading: every channel of a small network scored,
  /// the same scores twice, and different from the per-map reading.
  @Test func criterionScoresEveryChannelDeterministically() throws {
    let network = try SurgeryTests.network("resnet20", width: 0.25)
    let graph = DependencyGraph(network)
    // Two batches, so that the maps of one channel are gathered across batches.
    let calibration = Calibration(
      batches: [
        Tensor(normal: [10, 3, 32, 32], seed: 1), Tensor(normal: [6, 3, 32, 32], seed: 2),
      ],
      labels: [Array(repeating: 0, count: 10), Array(repeating: 1, count: 6)])
    let images = OCNNACriterion(reading: OCNNAReading(pcaInput: .images))
    let first = try images.scores(network, graph: graph, calibration: calibration)
    let second = try images.scores(network, graph: graph, calibration: calibration)
    let spatial = try OCNNACriterion().scores(network, graph: graph, calibration: calibration)
    #expect(first == second)
    #expect(Set(first.keys) == Set(spatial.keys))
    for (producer, scores) in first {
      #expect(scores.count == spatial[producer]!.count)
      #expect(scores.allSatisfy { $0.isFinite && $0 >= 0 })
    }
    #expect(first != spatial)
    #expect(images.options["pcaInput"] == "images")
  }
}
