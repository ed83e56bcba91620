import Datasets
import Foundation
import Models
import Pruning
import Results

/// An experiment: architectures × datasets × pruning methods at several operating points
/// × seeds, with the recipes of the original networks and of fine-tuning.
///
/// Read from `Data/grids/NAME.json` (format in README, schema in
/// `Data/schema/grid.schema.json`). Reading is strict: an unknown field, a wrong type or an
/// impossible combination is an error naming the file and the JSON path.
public struct GridSpec: Hashable, Sendable {
  public static let currentSchemaVersion = 1

  public var name: String
  public var description: String
  public var architectures: [GridArchitecture]
  public var datasets: [GridDataset]
  /// How every original network is obtained, unless its architecture says otherwise.
  public var original: OriginalSource
  public var pruning: [GridPruning]
  /// The fine-tuning budgets every cell runs with, one cell per budget (a budget curve
  /// lists several; most grids one).
  public var budgets: [FineTuning]
  /// Seeds of calibration, random scores and fine-tuning (the originals are trained once).
  public var seeds: [UInt64]
  /// Calibration images (docs/method.md §1).
  public var calibration: Int
  /// OCNNA's PCA variance share (docs/method.md §3).
  public var varianceShare: Double
  /// Where activation-based criteria read their maps (docs/method.md §2).
  public var activation: ActivationSite
  /// Scope and BatchNorm re-estimation; nil: protocol 1 (grids written before protocol 2).
  public var pruningProtocol: PruningProtocol?

  public init(
    name: String, description: String = "", architectures: [GridArchitecture],
    datasets: [GridDataset], original: OriginalSource, pruning: [GridPruning],
    budgets: [FineTuning], seeds: [UInt64], calibration: Int, varianceShare: Double,
    activation: ActivationSite, pruningProtocol: PruningProtocol? = nil
  ) {
    self.pruningProtocol = pruningProtocol
    self.name = name
    self.description = description
    self.architectures = architectures
    self.datasets = datasets
    self.original = original
    self.pruning = pruning
    self.budgets = budgets
    self.seeds = seeds
    self.calibration = calibration
    self.varianceShare = varianceShare
    self.activation = activation
  }

  /// Reads and checks the grid at `url`.
  public static func read(_ url: URL) throws -> GridSpec {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw SpecError(
        path: url.path,
        message: "cannot be read; name a file or a preset in Data/grids (quick, cifar10-cpu, paper)"
      )
    }
    return try parse(data, path: url.path)
  }

  /// The grid in `data`, the contents of `path`, whose file name its `name` must equal.
  /// (The fuzz target for grids calls this.)
  public static func parse(_ data: Data, path: String) throws -> GridSpec {
    let url = URL(fileURLWithPath: path)
    let spec = try JSONFile.decode(GridSpec.self, from: data, path: url.path)
    let fileName = url.deletingPathExtension().lastPathComponent
    guard spec.name == fileName else {
      throw SpecError(
        path: url.path, jsonPath: "$.name",
        message:
          "is \"\(spec.name)\" but the file is \(url.lastPathComponent); the name chooses the results folder (Data/results/\(spec.name)), so rename the file or change the name to \"\(fileName)\""
      )
    }
    return spec
  }

  /// The grid named `name` in `folder` (`Data/grids`), or the file at `name` when it is a path.
  public static func locate(_ name: String, in folder: URL) -> URL {
    name.hasSuffix(".json") || name.contains("/")
      ? URL(fileURLWithPath: name) : folder.appendingPathComponent("\(name).json")
  }
}

extension GridSpec: Decodable {
  public init(from decoder: Decoder) throws {
    let f = try StrictFields(
      decoder,
      allowed: [
        "$schema", "schemaVersion", "name", "description", "architectures", "datasets", "original",
        "pruning", "fineTuning", "seeds", "calibration", "varianceShare", "activation",
        "protocol",
      ])
    let version: Int = try f.required("schemaVersion")
    guard version <= Self.currentSchemaVersion else {
      throw f.invalid(
        "schemaVersion",
        "version \(version) is newer than this ocnna reads (\(Self.currentSchemaVersion)); update ocnna"
      )
    }
    name = try f.required("name")
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) })
    else {
      throw f.invalid("name", "must be letters, digits, - and _ (it names the results folder)")
    }
    description = try f.value("description", default: "")
    architectures = try f.required("architectures")
    datasets = try f.required("datasets")
    original = try (f.required("original") as GridOriginal).value
    pruning = try f.required("pruning")
    budgets = try (f.optional("fineTuning") as GridBudgets?)?.values ?? [FineTuning()]
    seeds = try f.value("seeds", default: [0])
    calibration = try f.value("calibration", default: 256)
    varianceShare = try f.value("varianceShare", default: 0.95)
    activation = try f.value("activation", default: .postActivation)
    pruningProtocol = try (f.optional("protocol") as GridProtocol?)?.value
    // `ocnna` and `ocnna/post` (with the grid's activation post) are the same cells.
    for (index, entry) in pruning.enumerated() {
      var seen = [String: String]()
      for method in entry.methods {
        let s = GridMethod.settings(method, activation: activation)
        let key = "\(s.method)|\(s.activation.rawValue)|\(s.reading?.label ?? "")"
        if let other = seen[key] {
          throw DecodingError.dataCorrupted(
            .init(
              codingPath: f.container.codingPath + [
                AnyKey("pruning"), AnyKey(intValue: index)!, AnyKey("methods"),
              ],
              debugDescription:
                "'\(method)' and '\(other)' name the same cells (with activation \(activation.rawValue)); list one of them"
            ))
        }
        seen[key] = method
      }
    }
    let names = Set(architectures.map(\.architecture))
    for (index, entry) in pruning.enumerated() {
      for name in entry.architectures ?? [] where !names.contains(name) {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: f.container.codingPath + [
              AnyKey("pruning"), AnyKey(intValue: index)!, AnyKey("architectures"),
            ],
            debugDescription:
              "'\(name)' is not one of the grid's architectures (\(architectures.map(\.architecture).joined(separator: ", "))); list one of them or drop the entry's architectures"
          ))
      }
    }
    for (field, count) in [
      ("architectures", architectures.count), ("datasets", datasets.count),
      ("pruning", pruning.count), ("seeds", seeds.count),
    ] where count == 0 {
      throw f.invalid(field, "must list at least one entry")
    }
    guard Set(seeds).count == seeds.count else { throw f.invalid("seeds", "repeats a seed") }
    if let problem = InputLimits.problem(seeds.count, in: InputLimits.seeds) {
      throw f.invalid("seeds", "count \(problem)")
    }
    if let problem = InputLimits.problem(calibration, in: InputLimits.calibrationImages) {
      throw f.invalid("calibration", problem)
    }
    guard varianceShare > 0, varianceShare <= 1 else {
      throw f.invalid("varianceShare", "must be in (0, 1]")
    }
  }
}

/// One architecture of a grid, at a width, optionally with its own original source.
public struct GridArchitecture: Hashable, Sendable, Decodable {
  public var architecture: String
  public var width: Double
  public var original: OriginalSource?

  public init(architecture: String, width: Double = 1, original: OriginalSource? = nil) {
    self.architecture = architecture
    self.width = width
    self.original = original
  }

  public init(from decoder: Decoder) throws {
    let f = try StrictFields(decoder, allowed: ["architecture", "width", "original"])
    let architecture: String = try f.required("architecture")
    self.architecture = architecture
    guard ArchitectureName.named(architecture) != nil else {
      throw f.invalid(
        "architecture",
        "'\(architecture)' is not in the zoo; use one of \(ArchitectureName.slugs.joined(separator: ", "))"
      )
    }
    let width: Double = try f.value("width", default: 1)
    self.width = width
    if let problem = InputLimits.problem(width, in: InputLimits.width) {
      throw f.invalid("width", problem)
    }
    original = try (f.optional("original") as GridOriginal?)?.value
  }
}

/// A set of methods run at several values of one policy.
public struct GridPruning: Hashable, Sendable, Decodable {
  public var methods: [String]
  public var policy: PruningPolicy.Kind
  public var values: [Double]
  public var minChannels: Int
  /// The grid's architectures this entry applies to; nil: all of them. The same `ratio`
  /// gives each architecture a different remaining-parameters ratio, so an entry that
  /// aims at an RPR names the architectures its ratios are for.
  public var architectures: [String]?
  /// The entry's seeds; nil: the grid's. Lets a grid give more seeds to the criteria whose
  /// seed changes their scores (random, calibration images) — and to the baselines they
  /// are paired with — without repeating cheaper or slower entries.
  public var seeds: [UInt64]?

  public init(
    methods: [String], policy: PruningPolicy.Kind, values: [Double], minChannels: Int = 1,
    architectures: [String]? = nil, seeds: [UInt64]? = nil
  ) {
    self.methods = methods
    self.policy = policy
    self.values = values
    self.minChannels = minChannels
    self.architectures = architectures
    self.seeds = seeds
  }

  public init(from decoder: Decoder) throws {
    let f = try StrictFields(
      decoder, allowed: ["methods", "policy", "values", "minChannels", "architectures", "seeds"])
    methods = try f.required("methods")
    policy = try f.required("policy")
    values = try f.required("values")
    minChannels = try f.value("minChannels", default: 1)
    architectures = try f.optional("architectures")
    if let architectures, architectures.isEmpty {
      throw f.invalid("architectures", "must list at least one architecture, or be left out")
    }
    guard !methods.isEmpty else { throw f.invalid("methods", "must list at least one method") }
    for (i, method) in methods.enumerated() {
      if let problem = GridMethod.problem(method) { throw f.invalid("methods", index: i, problem) }
    }
    guard !values.isEmpty else { throw f.invalid("values", "must list at least one value") }
    for (i, value) in values.enumerated() {
      if let problem = policy.problem(with: value) { throw f.invalid("values", index: i, problem) }
    }
    guard minChannels >= 1 else { throw f.invalid("minChannels", "must be at least 1") }
    seeds = try f.optional("seeds")
    if let seeds {
      guard !seeds.isEmpty else {
        throw f.invalid("seeds", "must list at least one seed, or be left out for the grid's")
      }
      guard Set(seeds).count == seeds.count else { throw f.invalid("seeds", "repeats a seed") }
      if let problem = InputLimits.problem(seeds.count, in: InputLimits.seeds) {
        throw f.invalid("seeds", "count \(problem)")
      }
    }
  }

  /// Whether the entry runs on `architecture`.
  public func applies(to architecture: String) -> Bool {
    architectures?.contains(architecture) ?? true
  }

  /// The policy at `value`.
  public func policy(at value: Double) -> PruningPolicy {
    policy.policy(at: value, minChannels: minChannels)
  }
}

/// A grid's `protocol` object: `{"scope": "literature", "batchNormImages": 1024}`.
struct GridProtocol: Decodable {
  var value: PruningProtocol

  init(from decoder: Decoder) throws {
    let f = try StrictFields(decoder, allowed: ["scope", "batchNormImages"])
    let scope: String = try f.value("scope", default: PruningScope.literature.rawValue)
    guard let parsed = PruningScope(rawValue: scope) else {
      throw f.invalid("scope", "'\(scope)' is not a scope; use one of \(PruningScope.names)")
    }
    let images: Int = try f.value("batchNormImages", default: 1024)
    if let problem = InputLimits.problem(images, in: 0...InputLimits.calibrationImages.upperBound) {
      throw f.invalid("batchNormImages", problem)
    }
    value = PruningProtocol(scope: parsed, batchNormImages: images)
  }
}

/// A grid's method entry: a criterion (`l1`) or an OCNNA variant (`ocnna/raw`).
public enum GridMethod {
  /// Why `entry` names no method, or nil when it names one.
  public static func problem(_ entry: String) -> String? {
    let (method, variant) = split(entry)
    guard Criteria.names.contains(method) else {
      return "'\(method)' is not a criterion; use one of \(Criteria.names.joined(separator: ", "))"
    }
    if let variant {
      guard method == CriterionName.ocnna.slug else {
        return "only ocnna has variants ('\(entry)'); write '\(method)'"
      }
      guard OCNNAVariant.named(variant) != nil else {
        return "'\(variant)' is not an OCNNA variant; use one of \(OCNNAVariant.slugs)"
      }
    }
    return nil
  }

  /// The criterion and the variant's slug, if any.
  static func split(_ entry: String) -> (method: String, variant: String?) {
    guard let slash = entry.firstIndex(of: "/") else { return (entry, nil) }
    return (String(entry[..<slash]), String(entry[entry.index(after: slash)...]))
  }

  /// The cell's criterion, activation site and OCNNA reading for `entry` (a variant's
  /// site replaces the grid's).
  static func settings(_ entry: String, activation: ActivationSite) -> (
    method: String, activation: ActivationSite, reading: OCNNAReading?
  ) {
    let (method, slug) = split(entry)
    guard let slug, let variant = OCNNAVariant.named(slug) else { return (method, activation, nil) }
    return (method, variant.site, variant.reading == .standard ? nil : variant.reading)
  }
}
