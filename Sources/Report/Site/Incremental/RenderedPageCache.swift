import Foundation
import Results

/// Which published pages can be kept as they are: for each page the last build wrote, the
/// key of everything it was rendered from and the identity of the file it became.
///
/// A page is reused only when its key is unchanged and the published file is still the one
/// written (not edited, replaced by a checkout or deleted since); reusing hard-links that
/// file into the new site instead of rendering and writing it again.
struct RenderedPageCache: Sendable {
  var folder: URL

  struct Page: Codable, Sendable {
    var key: String
    var identity: FileIdentity
  }

  struct Manifest: Codable, Sendable {
    var stamp: String
    /// The published site's folder, so that a manifest never vouches for another site.
    var output: String
    var pages: [String: Page]
  }

  var url: URL { folder.appendingPathComponent("pages.bin") }

  /// The pages of the last build of `output` by this executable.
  func load(output: URL) -> [String: Page] {
    guard let data = try? Data(contentsOf: url),
      let manifest = try? CompactDecoder().decode(Manifest.self, from: data),
      manifest.stamp == FileIdentity.executable, manifest.output == output.standardizedFileURL.path
    else { return [:] }
    return manifest.pages
  }

  /// Whether the page at `path` under `output` was rendered from `key` and is untouched.
  static func isReusable(
    _ path: String, key: String, in output: URL, previous: [String: Page]
  ) -> Bool {
    guard let page = previous[path], page.key == key else { return false }
    return FileIdentity.of(output.appendingPathComponent(path).path) == page.identity
  }

  /// Records the keys of the pages just published in `output` with their files'
  /// identities. A page `kept` from `previous` is the same file (a hard link keeps inode
  /// and time), so only the pages written anew are looked at.
  func store(
    keys: [String: String], output: URL, previous: [String: Page], kept: Set<String>
  ) {
    var pages: [String: Page] = [:]
    var written: [String] = []
    for (path, key) in keys {
      if kept.contains(path), let page = previous[path], page.key == key {
        pages[path] = page
      } else {
        written.append(path)
      }
    }
    let identities = ParallelMap.map(written.indices) {
      FileIdentity.of(output.appendingPathComponent(written[$0]).path)
    }
    for (path, identity) in zip(written, identities) {
      if let identity, let key = keys[path] { pages[path] = Page(key: key, identity: identity) }
    }
    let manifest = Manifest(
      stamp: FileIdentity.executable, output: output.standardizedFileURL.path, pages: pages)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // Pages are all different: nothing to share.
    if let data = try? CompactEncoder(sharesEqualValues: false).encode(manifest) {
      try? JSONFile.writeAtomically(data, to: url)
    }
  }
}
