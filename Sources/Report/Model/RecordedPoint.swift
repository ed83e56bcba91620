import Foundation

/// One published result, placed on the same axes as the measured ones.
public struct RecordedPoint: Sendable {
  public var method: RecordedMethod
  public var entry: RecordedMethod.Entry
  public var pair: Pair { Pair(architecture: entry.architecture, dataset: entry.dataset) }
  public var rpr: Double? { entry.rpr }
  /// 1 − FLOPs reduction (MACs and FLOPs reductions are the same ratio).
  public var macsRatio: Double? { entry.flopsReductionPct.map { 1 - $0 / 100 } }
  public var drop: Double? { entry.accuracyDrop }
  public var methodSlug: String { RecordedMethod.slug(method.method) }

  /// What differs from the runs measured here, for the comparability marks.
  public func differences(measuredBaseTop1: Double?) -> [String] {
    var notes = ["published fine-tuning budget and recipe"]
    if let base = entry.baselineTop1, let measured = measuredBaseTop1, abs(base - measured) > 1 {
      notes.insert(
        "base accuracy \(SVG.value(base))% vs \(SVG.value(measured))% measured here", at: 0)
    }
    if entry.dataset == "CIFAR-10" { notes.append("official CIFAR-10 binary images, full width") }
    return notes
  }

  /// The source as a link target when it is a URL.
  public var sourceURL: String? {
    let source = entry.source.trimmingCharacters(in: .whitespaces)
    guard let range = source.range(of: "https?://[^ ;,)]+", options: .regularExpression) else {
      return nil
    }
    return String(source[range])
  }
}
