import Foundation

/// Brings result files of older schema versions to the current one, one version at a
/// time (as asv does), so that results measured long ago stay readable.
///
/// - Version 1 is the `summary.json` that `ocnna prune` 0.1.0 wrote: the metrics alone,
///   without the cell, run key or status. It becomes a version-2 result of grid `prune`
///   whose architecture and checkpoint are `unrecorded` (version 1 did not store them).
/// - Version 2 repeated the cell's method, policy and fine-tuning, the dataset's display
///   name and a second fingerprint (training images only) inside `metrics`. Version 3
///   keeps one copy of each: the cell's settings and the result's fingerprint (training
///   and test images).
/// - Version 4 adds optional fields only: the cell's `pruningProtocol` and `ocnnaReading`,
///   and the metrics' `prunedTop1ZeroShot` and `outcomes`. A version-3 result is a
///   protocol-1 result without them; migrating it changes nothing but the version.
public enum ResultMigration {
  /// Migrates a decoded JSON object from its version to the current one.
  public static func migrate(_ object: [String: Any], path: String) throws -> [String: Any] {
    guard let version = object["schemaVersion"] as? Int else {
      throw SpecError(
        path: path, jsonPath: "$.schemaVersion",
        message: "is missing; this is not an ocnna result file")
    }
    guard version <= RunResult.currentSchemaVersion else {
      throw SpecError(
        path: path, jsonPath: "$.schemaVersion",
        message:
          "version \(version) is newer than this ocnna reads (\(RunResult.currentSchemaVersion)); update ocnna to read it"
      )
    }
    guard version >= 1 else {
      throw SpecError(
        path: path, jsonPath: "$.schemaVersion", message: "version \(version) never existed")
    }
    var current = object
    if version < 2 { current = try version1To2(current, path: path) }
    if version < 3 { current = version2To3(current) }
    if version < 4 { current["schemaVersion"] = 4 }
    return current
  }

  /// The fields of `metrics` that version 2 repeated from elsewhere in the result.
  static let repeatedInVersion2 = [
    "method", "policy", "fineTuning", "dataset", "datasetFingerprint",
  ]

  static func version2To3(_ v2: [String: Any]) -> [String: Any] {
    var v3 = v2
    v3["schemaVersion"] = 3
    if var metrics = v2["metrics"] as? [String: Any] {
      for field in repeatedInVersion2 { metrics[field] = nil }
      v3["metrics"] = metrics
    }
    return v3
  }

  static func version1To2(_ v1: [String: Any], path: String) throws -> [String: Any] {
    var metrics = v1
    metrics["schemaVersion"] = nil
    metrics["environment"] = nil
    let options = v1["options"] as? [String: String] ?? [:]
    let fineTuning = v1["fineTuning"] as? [String: Any] ?? [:]
    let recipe = fineTuning["recipe"] as? [String: Any] ?? [:]
    let displayName = v1["dataset"] as? String ?? ""
    let dataset: [String: Any] =
      DatasetName.all.first { $0.displayName == displayName }.map { ["name": $0.slug] }
      ?? ["name": "folder", "path": "unrecorded"]
    let cell: [String: Any] = [
      "architecture": "unrecorded", "width": 1, "dataset": dataset,
      "original": ["checkpoint": "unrecorded"],
      "method": v1["method"] ?? "unrecorded",
      "policy": v1["policy"] ?? [:],
      "calibration": v1["calibrationImages"] ?? 0,
      "varianceShare": options["varianceShare"].flatMap(Double.init) ?? 0.95,
      "activation": options["activation"] ?? "post",
      "fineTuning": fineTuning,
      "seed": recipe["seed"] ?? 0,
    ]
    let content =
      (try? JSONSerialization.data(withJSONObject: v1, options: [.sortedKeys])) ?? Data()
    return [
      "schemaVersion": 2,
      "id": String(Checksum.sha256(content).prefix(ResultID.length)),
      "grid": "prune",
      "cell": cell,
      "status": "done",
      "datasetFingerprint": v1["datasetFingerprint"] ?? "",
      "metrics": metrics,
      "seconds": ((v1["scoringSeconds"] as? Double) ?? 0)
        + ((v1["fineTuningSeconds"] as? Double) ?? 0),
      "finished": "unrecorded",
      "environment": v1["environment"] ?? [:],
    ]
  }
}
