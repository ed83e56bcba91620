import Foundation

/// A published pruning method's reported results: one file per method in
/// `Data/baselines/<slug>.json`, converted from `../shared/reference/baselines.csv` or
/// written by a contributor (`ocnna baselines new NAME`).
public struct RecordedMethod: Codable, Hashable, Sendable {
  /// One reported result: a method on one architecture and dataset in one variant.
  public struct Entry: Codable, Hashable, Sendable {
    public var architecture: String
    public var dataset: String
    /// The configuration as the source names it ("HRank-2", "ResNet-56 (as quoted)").
    public var variant: String
    /// Top-1 and top-5 in percent.
    public var baselineTop1: Double?
    public var prunedTop1: Double?
    /// Baseline minus pruned top-1, in percentage points.
    public var accuracyDrop: Double?
    /// True when the drop was computed from the two accuracies, false when printed.
    public var accuracyDropComputed: Bool?
    public var baselineTop5: Double?
    public var prunedTop5: Double?
    /// Parameters in millions.
    public var parametersBaselineM: Double?
    public var parametersPrunedM: Double?
    /// Percent of the parameters removed; RPR = 1 − this / 100.
    public var parametersReductionPct: Double?
    public var flopsReductionPct: Double?
    /// Where the numbers were read (with a commit id or page).
    public var source: String
    /// Who reported them ("own authors - paper table", "third-party compilation …").
    public var sourceKind: String
    public var notes: String?
    /// The entry's own citation, where it differs from the method's.
    public var citation: String?

    public init(
      architecture: String, dataset: String, variant: String, baselineTop1: Double?,
      prunedTop1: Double?,
      accuracyDrop: Double?, accuracyDropComputed: Bool?, baselineTop5: Double?,
      prunedTop5: Double?,
      parametersBaselineM: Double?, parametersPrunedM: Double?, parametersReductionPct: Double?,
      flopsReductionPct: Double?, source: String, sourceKind: String, notes: String?,
      citation: String?
    ) {
      self.architecture = architecture
      self.dataset = dataset
      self.variant = variant
      self.baselineTop1 = baselineTop1
      self.prunedTop1 = prunedTop1
      self.accuracyDrop = accuracyDrop
      self.accuracyDropComputed = accuracyDropComputed
      self.baselineTop5 = baselineTop5
      self.prunedTop5 = prunedTop5
      self.parametersBaselineM = parametersBaselineM
      self.parametersPrunedM = parametersPrunedM
      self.parametersReductionPct = parametersReductionPct
      self.flopsReductionPct = flopsReductionPct
      self.source = source
      self.sourceKind = sourceKind
      self.notes = notes
      self.citation = citation
    }

    /// The remaining-parameters ratio, when the reduction is known.
    public var rpr: Double? { parametersReductionPct.map { 1 - $0 / 100 } }
  }

  public var schemaVersion: Int
  public var method: String
  public var citation: String
  public var year: Int
  public var venue: String
  public var entries: [Entry]
  /// The fine-tuning budgets the method's source states (optional; kept by
  /// `ocnna baselines import`, which has no column for them).
  public var fineTuning: [PublishedFineTuning]? = nil

  public static let currentSchemaVersion = 1

  /// The file name a method is stored under: lowercase letters and digits joined by dashes.
  public static func slug(_ method: String) -> String {
    var result = ""
    var dash = false
    for character in method.lowercased() {
      if character.isLetter && character.isASCII || character.isNumber {
        if dash && !result.isEmpty { result.append("-") }
        result.append(character)
        dash = false
      } else {
        dash = true
      }
    }
    return result
  }
}
