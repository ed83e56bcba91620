import Foundation
import Results

/// A file a dataset is downloaded as, with the checksums its authors publish.
public struct RemoteFile: Codable, Hashable, Sendable {
  /// The file name, also its name in the cache.
  public var name: String
  /// The official location.
  public var url: String
  public var size: Int
  /// SHA-256, where known; checked in preference to MD5.
  public var sha256: String?
  /// The MD5 the dataset's authors publish.
  public var md5: String?

  public init(name: String, url: String, size: Int, sha256: String? = nil, md5: String? = nil) {
    self.name = name
    self.url = url
    self.size = size
    self.sha256 = sha256
    self.md5 = md5
  }

  /// Checks the file at `url` against the size and the strongest known checksum.
  public func verify(_ file: URL) throws {
    let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
    let actualSize = (attributes?[.size] as? NSNumber)?.intValue ?? -1
    guard actualSize == size else {
      throw DatasetError(
        path: file.path, message: "is \(actualSize) bytes, \(name) should be \(size)",
        fix: DatasetError.redownload)
    }
    if let sha256 {
      let actual = try Checksum.sha256(of: file)
      guard actual == sha256 else {
        throw DatasetError(
          path: file.path, message: "has SHA-256 \(actual), expected \(sha256)",
          fix: DatasetError.redownload)
      }
    } else if let md5 {
      let actual = try Checksum.md5(of: file)
      guard actual == md5 else {
        throw DatasetError(
          path: file.path, message: "has MD5 \(actual), expected \(md5)",
          fix: DatasetError.redownload)
      }
    }
  }
}
