import Foundation

extension URL {
  /// Whether a folder (not a file) exists here.
  public var isExistingFolder: Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
