import Foundation

/// Where ocnna keeps downloaded datasets and trained checkpoints: outside the repository,
/// in `$OCNNA_CACHE`, else `$XDG_CACHE_HOME/ocnna`, else `~/.cache/ocnna`.
public enum CacheDirectory {
  /// The cache root in force.
  public static var root: URL {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["OCNNA_CACHE"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit, isDirectory: true)
    }
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("ocnna")
    }
    return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ocnna")
  }

  /// The folder for datasets under `root` (or the default root).
  public static func datasets(in root: URL? = nil) -> URL {
    (root ?? self.root).appendingPathComponent("datasets")
  }
}
