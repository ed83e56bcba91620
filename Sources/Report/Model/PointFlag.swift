import Foundation
import Results

/// A warning sign on a measured point, shown wherever the point is: in tables as a mark
/// with its explanation, on charts in the point's tooltip and as a ring around it.
///
/// Each is something a pruning researcher would want to know before reading the drop:
/// a network at chance before fine-tuning measures the fine-tuning, not the criterion; a
/// layer drained to one channel is a bottleneck the criterion walked into; and two
/// criteria compared "at the same RPR" whose per-layer widths differ are comparing
/// architectures as much as criteria.
public enum PointFlag: Hashable, Sendable {
  /// Top-1 before fine-tuning within `chanceFactor` of chance in some seed.
  case chanceBeforeFineTuning(top1: Double, chance: Double)
  /// A layer kept a single channel (of more) in some seed.
  case drainedLayer(String)
  /// The per-layer widths differ from those of the named methods at the same operating
  /// point (same original, budget and policy).
  case architectureDiffers([String])
  /// Fewer than three seeds: the interval rests on too little to support a verdict alone.
  case fewSeeds(Int)

  /// Whether charts ring the point: chance and a drained layer are warning signs about the
  /// point itself; other widths (every global criterion has them) and few seeds are marked
  /// in tables and drawn open instead.
  public var isWarningSign: Bool {
    switch self {
    case .chanceBeforeFineTuning, .drainedLayer: true
    case .architectureDiffers, .fewSeeds: false
    }
  }

  /// Below this multiple of chance, a network "is at chance".
  public static let chanceFactor = 1.2

  public var mark: String {
    switch self {
    case .chanceBeforeFineTuning: "chance"
    case .drainedLayer: "1-channel layer"
    case .architectureDiffers: "other widths"
    case .fewSeeds(let n): "\(n) seed\(n == 1 ? "" : "s")"
    }
  }

  public var explanation: String {
    switch self {
    case .chanceBeforeFineTuning(let top1, let chance):
      "top-1 before fine-tuning \(SVG.value(top1))% is within ×\(SVG.number(Self.chanceFactor)) of chance (\(SVG.value(chance, digits: 0))%): the fine-tuned number measures the fine-tuning more than the criterion"
    case .drainedLayer(let layer):
      "layer \(layer) was left with one channel"
    case .architectureDiffers(let others):
      "per-layer widths differ from \(others.joined(separator: ", ")) at the same operating point: the comparison is of architectures as well as criteria"
    case .fewSeeds(let n):
      "only \(n) seed\(n == 1 ? "" : "s") (fewer than 3)"
    }
  }

  /// Sets the flags of every point of one pair (`points`), comparing each with the other
  /// methods at its operating point.
  static func assign(_ points: inout [MeasuredPoint]) {
    let widths = points.map(\.layerWidths)
    let operatingPoints = Dictionary(grouping: points.indices) {
      "\(points[$0].originalKey)|\(points[$0].budget)|\(points[$0].policy)"
    }
    for indices in operatingPoints.values {
      for i in indices {
        let differing = indices.filter {
          points[$0].method != points[i].method && widths[$0] != widths[i]
        }.map { MethodNames.name(points[$0].method) }
        points[i].flags = own(points[i])
        if !differing.isEmpty {
          points[i].flags.insert(.architectureDiffers(Array(Set(differing)).sorted()), at: 0)
        }
      }
    }
  }

  /// The flags a point has on its own: chance, a drained layer, few seeds.
  static func own(_ point: MeasuredPoint) -> [PointFlag] {
    var flags: [PointFlag] = []
    let classes = Double(DatasetName.named(point.results[0].cell.dataset.name)?.classCount ?? 10)
    let chance = 100 / classes
    let worstBefore = point.results.compactMap { $0.metrics?.prunedTop1BeforeFineTuning }.min()
    if point.fineTunes, let worst = worstBefore, 100 * worst <= chance * chanceFactor {
      flags.append(.chanceBeforeFineTuning(top1: 100 * worst, chance: chance))
    }
    let drained = point.results.lazy.compactMap(\.metrics).flatMap(\.channels)
      .first { $0.kept == 1 && $0.original > 1 }
    if let drained { flags.append(.drainedLayer(drained.layer)) }
    if point.seeds < 3 { flags.append(.fewSeeds(point.seeds)) }
    return flags
  }
}

extension MeasuredPoint {
  /// The channels each layer kept, averaged over seeds (the network's shape).
  var layerWidths: [Double] {
    let all = metrics.map { $0.channels.map { Double($0.kept) } }
    guard let first = all.first else { return [] }
    return first.indices.map { i in
      Self.mean(all.compactMap { $0.indices.contains(i) ? $0[i] : nil })
    }
  }
}
