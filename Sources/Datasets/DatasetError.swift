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

  static let redownload =
    "delete the file and fetch it again (`ocnna datasets fetch`), or check its source"
}
