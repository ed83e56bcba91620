import Foundation

/// One published result, placed on the same axes as the measured ones.
public struct RecordedPoint: Sendable {
  public let method: RecordedMethod
  public let entry: RecordedMethod.Entry
  /// The source as a link target (see `url(of:)`), found once: the site reads it for
  /// every table row and chart point, and each reading ran five regular expressions.
  public let sourceURL: String?
  /// The note's own warning, when the data file flags the row: a suspected typo, a
  /// disagreement between sources, an internally inconsistent drop. Such a row is shown
  /// with its note but never made a headline or an interpolation anchor.
  public let caution: String?

  public init(method: RecordedMethod, entry: RecordedMethod.Entry) {
    self.method = method
    self.entry = entry
    sourceURL = Self.url(of: entry.source)
    caution = Self.caution(in: entry.notes)
  }

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

  /// Whether the row can be drawn: it has both a drop and a remaining-parameters ratio.
  public var plottable: Bool { rpr != nil && drop != nil }

  static func caution(in notes: String?) -> String? {
    guard let notes else { return nil }
    let lowered = notes.lowercased()
    return Self.cautionPhrases.contains(where: lowered.contains) ? notes : nil
  }

  /// The phrases with which the data files flag a number they doubt (read from the notes
  /// of `Data/baselines`; a new file that doubts a number uses one of them).
  static let cautionPhrases = [
    "treat with care", "typo", "inconsistent", "digit swap", "disagrees", "disagreement",
    "transcription error", "copy error", "odd:", "looks odd", "mistakenly",
  ]

  /// A source as a link target: a URL as written; `github.com/OWNER/REPO PATH @ COMMIT`
  /// as the file at that commit; an arXiv id or a DOI as their resolvers' URLs.
  static func url(of source: String) -> String? {
    let text = source.trimmingCharacters(in: .whitespaces)
    if let match = text.firstMatch(of: SourcePatterns.web) { return String(match.0) }
    if let match = text.wholeMatch(of: SourcePatterns.githubFile) {
      return "https://github.com/\(match.1)/blob/\(match.3)/\(match.2)"
    }
    if let match = text.firstMatch(of: SourcePatterns.githubRepository) {
      return "https://\(match.0)"
    }
    if let match = text.firstMatch(of: SourcePatterns.arXiv) {
      return "https://arxiv.org/abs/\(match.1)"
    }
    if let match = text.firstMatch(of: SourcePatterns.doi) { return "https://doi.org/\(match.1)" }
    return nil
  }
}

/// The patterns of `RecordedPoint.url(of:)`, parsed once: a regex literal written inside
/// the function was parsed again on every call, a tenth of an incremental site build.
/// Never mutated, so sharing them between threads is safe.
private enum SourcePatterns {
  nonisolated(unsafe) static let web = #/https?:\/\/[^ ;,)]+/#
  nonisolated(unsafe) static let githubFile =
    #/github\.com\/([^ \/]+\/[^ \/]+) ([^ ]+).* @ ([0-9a-f]{7,40}).*/#
  nonisolated(unsafe) static let githubRepository = #/github\.com\/[^ \/]+\/[^ \/]+/#
  nonisolated(unsafe) static let arXiv = #/arXiv:? ?([0-9]{4}\.[0-9]{4,5})/#.ignoresCase()
  nonisolated(unsafe) static let doi = #/\b(10\.[0-9]{4,9}\/[^ ;,]+)/#
}
