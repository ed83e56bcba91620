import Foundation
import Results

/// What pages are rendered from beyond the report's model, for the incremental build:
/// the full results (the model holds them slimmed, without the curves a run page draws),
/// the identity of each result file, of the recorded methods and of the templates, and
/// which pages the last build left reusable. The defaults render every page from the
/// model's results.
struct PageSources {
  /// The full result with an id, or nil to use the model's.
  var full: (String) throws -> RunResult? = { _ in nil }
  /// Text identifying each result file's content, by result id.
  var identities: [String: String] = [:]
  /// Identifies the templates' content.
  var templates = ""
  /// Identifies the recorded methods' files (`Data/baselines`).
  var recorded = ""
  /// Whether the page at a path rendered from a key can be kept.
  var reuse: (_ path: String, _ key: String) -> Bool = { _, _ in false }
  /// The files the last build rendered from a key, when every one of them can be kept.
  var keptFiles: (_ key: String) -> [String]? = { _ in nil }

  /// A digest of the results with these ids (ids and file identities, in any order); nil
  /// where a file's identity is unknown.
  func digest(of ids: [String]) -> String? {
    var parts: [String] = []
    parts.reserveCapacity(ids.count)
    for id in ids {
      guard let identity = identities[id] else { return nil }
      parts.append("\(id) \(identity)")
    }
    return KeyDigest.of(parts.sorted().joined(separator: "\n"))
  }
}

/// Rendered files by path, the paths kept from the last build instead, and the key of
/// every file that has one (what the next build compares).
struct RenderedFiles {
  var files: [String: String] = [:]
  var reused: [String] = []
  var keys: [String: String] = [:]

  mutating func merge(_ other: RenderedFiles) {
    files.merge(other.files) { a, _ in a }
    reused += other.reused
    keys.merge(other.keys) { a, _ in a }
  }
}
