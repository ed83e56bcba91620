import Foundation

/// A dataset file that cannot be used: which file, where in it, what is wrong and the fix.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
  /// The file or folder at fault.
  public var path: String
  /// Where in the file, when it matters ("record 12 (byte 36,876)", "byte 8").
  public var location: String?
  public var message: String
  public var fix: String

  public init(path: String, location: String? = nil, message: String, fix: String) {
    self.path = path
    self.location = location
    self.message = message
    self.fix = fix
  }

  public var description: String {
    "\(path)\(location.map { " at \($0)" } ?? ""): \(message). Fix: \(fix)."
  }

  /// The bytes of a dataset file, or an error that says how to get the dataset.
  static func contents(of url: URL) throws -> Data {
    do {
      return try Data(contentsOf: url)
    } catch {
      throw DatasetError(
        path: url.path, message: "cannot be read",
        fix: "fetch the dataset with `ocnna datasets fetch` or pass the folder that holds it")
    }
  }

  static let redownload =
    "delete the file and fetch it again (`ocnna datasets fetch`), or check its source"
}
