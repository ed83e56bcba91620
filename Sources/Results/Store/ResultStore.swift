import Foundation

/// A folder of results, one `<id>.json` per finished cell (`Data/results/<grid>/`).
///
/// Writes are atomic (a temporary file and a rename), so a killed run never leaves a
/// partial file; reading migrates older versions and refuses newer ones by name.
public struct ResultStore: Sendable {
  public var folder: URL

  public init(folder: URL) { self.folder = folder }

  /// The results folder of grid `name` under `data` (`Data/results/<name>`).
  public init(data: URL, grid name: String) {
    folder = data.appendingPathComponent("results/\(name)", isDirectory: true)
  }

  /// The ids stored, from the file names.
  public var ids: Set<String> {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return Set(
      names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) })
  }

  public func url(of id: String) -> URL { folder.appendingPathComponent("\(id).json") }

  /// Writes `result` as `<id>.json`, atomically; an id that is not a run key is refused.
  public func write(_ result: RunResult) throws {
    if let problem = ResultID.problem(with: result.id) {
      throw SpecError(path: folder.path, jsonPath: "$.id", message: problem)
    }
    if let problem = result.metrics?.problem {
      throw SpecError(
        path: url(of: result.id).path, jsonPath: problem.jsonPath,
        message: "\(problem.message); the result was not stored")
    }
    try JSONFile.write(result, to: url(of: result.id))
  }

  /// Reads one result file of a store, migrating older versions; its id must be a run key
  /// and the file's name.
  public static func read(_ url: URL) throws -> RunResult {
    let result = try readFile(url)
    let name = url.deletingPathExtension().lastPathComponent
    guard result.id == name else {
      throw SpecError(
        path: url.path, jsonPath: "$.id",
        message:
          "is '\(result.id)' but the file is named '\(name).json'; a result file is named after its id (rename it to \(result.id).json, or restore it from git)"
      )
    }
    return result
  }

  /// Reads a result file outside a store (a fixture, a file someone sent), migrating
  /// older versions; its id must be a run key, its name is free.
  public static func readFile(_ url: URL) throws -> RunResult {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw SpecError(path: url.path, message: "cannot be read")
    }
    return try parse(data, path: url.path)
  }

  /// The result in `data`, the contents of `path`: syntax, migration, decoding, the id's
  /// format and the metrics' ranges checked, every failure a `SpecError`. (The fuzz target
  /// for result files calls this.)
  public static func parse(_ data: Data, path: String) throws -> RunResult {
    let result = try decode(data, path: path)
    if let problem = ResultID.problem(with: result.id) {
      throw SpecError(path: path, jsonPath: "$.id", message: problem)
    }
    if let problem = result.metrics?.problem {
      throw SpecError(
        path: path, jsonPath: problem.jsonPath,
        message: "\(problem.message); restore the file from git or delete it and rerun its cell")
    }
    return result
  }

  static func decode(_ data: Data, path: String) throws -> RunResult {
    try JSONFile.checkSyntax(data, path: path)
    // The common case, a current file, decodes directly; anything else takes the
    // migration path, which reads the version first.
    if let current = try? JSONDecoder().decode(RunResult.self, from: data),
      current.schemaVersion == RunResult.currentSchemaVersion
    {
      return current
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw SpecError(path: path, message: "is not a JSON object; delete it and rerun its cell")
    }
    let migrated = try ResultMigration.migrate(object, path: path)
    do {
      let current =
        (migrated["schemaVersion"] as? Int) == (object["schemaVersion"] as? Int)
        ? data : try JSONSerialization.data(withJSONObject: migrated)
      return try JSONDecoder().decode(RunResult.self, from: current)
    } catch let error as SpecError {
      throw error
    } catch {
      throw SpecError.decoding(error, path: path)
    }
  }

  /// Every result in the folder, sorted by id, with the files that could not be read.
  public func readAll() -> (results: [RunResult], errors: [SpecError]) {
    var results: [RunResult] = []
    var errors: [SpecError] = []
    for id in ids.sorted() {
      do { results.append(try Self.read(url(of: id))) } catch let error as SpecError {
        errors.append(error)
      } catch {
        errors.append(SpecError(path: url(of: id).path, message: "\(error)"))
      }
    }
    return (results, errors)
  }

  /// Rewrites every file of an older schema version in the current one, atomically, and
  /// leaves current files untouched; a file that cannot be read is reported and left as it
  /// is. Reading migrates anyway: this makes the stored files say what the code reads.
  public func migrateAll() -> (migrated: [String], current: Int, errors: [SpecError]) {
    var migrated: [String] = []
    var current = 0
    var errors: [SpecError] = []
    for id in ids.sorted() {
      let url = url(of: id)
      do {
        let data = try Data(contentsOf: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard (object?["schemaVersion"] as? Int) != RunResult.currentSchemaVersion else {
          current += 1
          continue
        }
        let result = try Self.read(url)
        try JSONFile.write(result, to: url)
        migrated.append(id)
      } catch let error as SpecError {
        errors.append(error)
      } catch {
        errors.append(SpecError(path: url.path, message: "cannot be migrated: \(error)"))
      }
    }
    return (migrated, current, errors)
  }
}
