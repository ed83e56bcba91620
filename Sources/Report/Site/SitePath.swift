import Foundation

/// Maps a request target to a file inside the site folder, or nil: the preview server's
/// only way to the disk, so that no request can read a file outside `Site/` — not with
/// `..`, not percent-encoded (`%2e%2e`, `%2f`), not through a symbolic link, not with a
/// backslash or a NUL byte.
public enum SitePath {
  /// The file for `target` (the raw request path, percent-encoded, query allowed), with
  /// `index.html` for folders; nil when the path leaves `root` or names nothing.
  public static func resolve(_ target: String, root: URL) -> URL? {
    let pathPart =
      target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
      .first.map(String.init) ?? ""
    guard let decoded = pathPart.removingPercentEncoding,
      !decoded.contains("\0"), !decoded.contains("\\")
    else { return nil }
    let components = decoded.split(separator: "/", omittingEmptySubsequences: true)
    guard !components.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix("~") }) else {
      return nil
    }
    let base = root.standardizedFileURL.resolvingSymlinksInPath()
    var url = base
    for component in components { url.appendPathComponent(String(component)) }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      url.appendPathComponent("index.html")
    }
    let resolved = url.standardizedFileURL.resolvingSymlinksInPath()
    let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
    guard resolved.path.hasPrefix(prefix),
      FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else { return nil }
    return resolved
  }

  /// The content type the preview sends for a file.
  public static func contentType(_ url: URL) -> String {
    switch url.pathExtension.lowercased() {
    case "html": "text/html; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "svg": "image/svg+xml"
    case "xml": "application/atom+xml"
    case "csv": "text/csv; charset=utf-8"
    case "md": "text/markdown; charset=utf-8"
    case "json": "application/json"
    case "png": "image/png"
    default: "application/octet-stream"
    }
  }
}
