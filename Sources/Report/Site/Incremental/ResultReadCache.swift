import Foundation
import Results

/// The results of the last site build, slimmed to what the report's aggregate pages read,
/// each with the identity of the file it came from: a build decodes only the result files
/// whose identity changed, since decoding ten thousand JSON files was most of `ocnna site`'s
/// reading time.
///
/// The buckets are in `CompactFormat`, which decodes several times faster than JSON.
/// The entries are spread over a fixed number of bucket files by a hash of their path, so
/// that a new result rewrites one bucket and loading decodes the buckets on every core. A
/// bucket written by another ocnna executable, or that cannot be read, counts as empty: the
/// cache can only make a build faster, never change what it renders.
struct ResultReadCache: Sendable {
  var folder: URL
  static let bucketCount = 64

  struct Entry: Codable, Sendable {
    /// The file's path under the results folder (`<grid>/<id>.json`).
    var path: String
    var identity: FileIdentity
    var result: RunResult
  }

  struct Bucket: Codable, Sendable {
    var stamp: String
    var entries: [Entry]
  }

  /// What a bucket must have been written by to be read: this executable and schema.
  static var stamp: String {
    "\(FileIdentity.executable) schema \(RunResult.currentSchemaVersion)"
  }

  static func bucket(of path: String) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across processes
    for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(hash % UInt64(bucketCount))
  }

  func url(ofBucket index: Int) -> URL {
    folder.appendingPathComponent(String(format: "results-%02d.bin", index))
  }

  /// Every entry of the buckets this executable wrote, by path.
  func load() -> [String: Entry] {
    let stamp = Self.stamp
    let buckets = ParallelMap.map(0..<Self.bucketCount) { index -> [Entry] in
      guard let data = try? Data(contentsOf: url(ofBucket: index)),
        let bucket = try? CompactDecoder().decode(Bucket.self, from: data),
        bucket.stamp == stamp
      else { return [] }
      return bucket.entries
    }
    var byPath: [String: Entry] = [:]
    for entry in buckets.joined() { byPath[entry.path] = entry }
    return byPath
  }

  /// Stores `entries` as the cache's whole content, rewriting only the buckets whose
  /// paths or identities differ from `previous`. Failures are ignored: a bucket that was
  /// not written is decoded from the result files next time.
  func store(_ entries: [Entry], previous: [String: Entry]) {
    var buckets = [[Entry]](repeating: [], count: Self.bucketCount)
    for entry in entries { buckets[Self.bucket(of: entry.path)].append(entry) }
    var previousBuckets = [[String: FileIdentity]](repeating: [:], count: Self.bucketCount)
    for entry in previous.values {
      previousBuckets[Self.bucket(of: entry.path)][entry.path] = entry.identity
    }
    let changed = (0..<Self.bucketCount).filter { index in
      buckets[index].count != previousBuckets[index].count
        || buckets[index].contains { previousBuckets[index][$0.path] != $0.identity }
        || !FileManager.default.fileExists(atPath: url(ofBucket: index).path)
    }
    guard !changed.isEmpty else { return }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let stamp = Self.stamp
    _ = ParallelMap.map(changed.indices) { i -> Bool in
      let index = changed[i]
      guard
        let data = try? CompactEncoder().encode(Bucket(stamp: stamp, entries: buckets[index]))
      else { return false }
      return (try? JSONFile.writeAtomically(data, to: url(ofBucket: index))) != nil
    }
  }
}

extension RunResult {
  /// The result without what only its own run page reads — the fine-tuning's epoch curve —
  /// and what no page reads, the per-group scores: the form in which every result enters
  /// the report's model, so that a result from the read cache and one decoded from its
  /// file give the same pages. The original's curve stays: it identifies the original in
  /// results written before its weights' digest (`OriginalRecord.identity`).
  var slimmedForReport: RunResult {
    var slim = self
    slim.metrics?.fineTuningEpochs = []
    slim.metrics?.outcomes?.groups = []
    return slim
  }
}
