import Foundation

/// Locates `../shared/data` beside the project root (present on developers' machines and
/// in CI, absent on a user's fresh clone, where tests that need it are skipped).
public enum SharedData {
  /// The project root, found from this source file's path.
  public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared/data`, or nil with the reason when it is missing.
  public static var directory: URL? {
    let url = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// A file under `../shared/data`, or nil when it does not exist.
  public static func file(_ relativePath: String) -> URL? {
    guard let url = directory?.appendingPathComponent(relativePath),
      FileManager.default.fileExists(atPath: url.path)
    else { return nil }
    return url
  }

  /// Whether every one of these files exists under `../shared/data`: the condition of
  /// `@Test(.enabled(if: SharedData.has(…), "…"))`, so that a test without its data is
  /// reported as skipped, never as passed.
  public static func has(_ relativePaths: String...) -> Bool {
    relativePaths.allSatisfy { file($0) != nil }
  }

  /// `../shared/reference/<name>`, or nil when it does not exist.
  public static func reference(_ name: String) -> URL? {
    let url = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
      .appendingPathComponent(name)
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }
}
