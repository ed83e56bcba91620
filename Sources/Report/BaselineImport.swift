import Foundation
import Results

/// `ocnna baselines import`: the methods of the shared CSV written as one file each into
/// `Data/baselines`, all or none.
///
/// Every file is first written to a staging folder beside the target and checked there
/// with the same rules as a contributor's file (`BaselineValidation.readAll`, which also
/// refuses empty and shared page names); only when all pass are they moved into place.
/// A bad row therefore leaves every existing file exactly as it was.
public enum BaselineImport {
  /// Imports `csv` into `folder`; returns the methods written.
  public static func run(csv: URL, into folder: URL) throws -> [RecordedMethod] {
    let methods = try BaselineCSV.methods(from: csv)
    let manager = FileManager.default
    let staging = folder.deletingLastPathComponent().appendingPathComponent(
      ".\(folder.lastPathComponent)-import-\(ProcessInfo.processInfo.processIdentifier)")
    try? manager.removeItem(at: staging)
    try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: staging) }
    var names: [String] = []
    for method in methods {
      let name = RecordedMethod.slug(method.method) + ".json"
      guard !names.contains(name) else {
        throw BaselineErrors([
          BaselineError(
            path: csv.path, jsonPath: "method \(method.method)",
            rule:
              "gives the file name \(name), as another method of the file does; rename one of them"
          )
        ])
      }
      names.append(name)
      // The CSV has no budgets: a method's recorded budgets are carried over from its file.
      var method = method
      let existing = folder.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: existing.path) {
        method.fineTuning = try BaselineValidation.read(existing).fineTuning
      }
      try JSONFile.write(method, to: staging.appendingPathComponent(name))
    }
    // Checked together with the files already there that this import does not replace.
    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    let kept = try manager.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".json") && !names.contains($0)
    }
    for name in kept {
      try manager.copyItem(
        at: folder.appendingPathComponent(name), to: staging.appendingPathComponent(name))
    }
    _ = try BaselineValidation.readAll(staging)
    for name in names {
      try JSONFile.writeAtomically(
        Data(contentsOf: staging.appendingPathComponent(name)),
        to: folder.appendingPathComponent(name))
    }
    return methods
  }
}
