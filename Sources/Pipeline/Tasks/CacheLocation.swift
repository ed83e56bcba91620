import Datasets
import Foundation

/// Where datasets and trained originals are kept: the `--cache` a user names, else
/// `$OCNNA_CACHE`, `$XDG_CACHE_HOME/ocnna` or `~/.cache/ocnna` — always outside the
/// repository.
public enum CacheLocation {
  /// The cache root: `explicit` when given, else the default.
  public static func root(_ explicit: String?) -> URL {
    explicit.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? CacheDirectory.root
  }

  /// The datasets folder under the cache root.
  public static func datasets(_ explicit: String?) -> URL {
    CacheDirectory.datasets(in: root(explicit))
  }
}
