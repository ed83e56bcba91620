import Foundation

/// A spec or result file that breaks a rule: the file, the JSON path and what to do.
public struct SpecError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var jsonPath: String
  public var message: String

  public init(path: String, jsonPath: String = "$", message: String) {
    self.path = path
    self.jsonPath = jsonPath
    self.message = message
  }

  /// "file: $.field: message", or "file: message" when the whole file (or a folder) is
  /// meant.
  public var description: String {
    jsonPath == "$" ? "\(path): \(message)" : "\(path): \(jsonPath): \(message)"
  }

  /// The error for a decoding failure of `path`, naming the JSON path it happened at.
  public static func decoding(_ error: Error, path: String) -> SpecError {
    switch error as? DecodingError {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty, context.underlyingError != nil {
        return SpecError(path: path, message: "is not valid JSON")
      }
      return SpecError(
        path: path, jsonPath: jsonPathString(context.codingPath), message: context.debugDescription)
    case .keyNotFound(let key, let context):
      return SpecError(
        path: path, jsonPath: jsonPathString(context.codingPath + [key]), message: "is required")
    case .typeMismatch(let type, let context):
      return SpecError(
        path: path, jsonPath: jsonPathString(context.codingPath),
        message: "must be \(describe(type))")
    case .valueNotFound(let type, let context):
      return SpecError(
        path: path, jsonPath: jsonPathString(context.codingPath),
        message: "must be \(describe(type))")
    default:
      return SpecError(path: path, message: "cannot be read: \(error)")
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is UInt64.Type: "an integer"
    case is Double.Type, is Float.Type: "a number"
    case is Bool.Type: "true or false"
    default:
      String(describing: type).hasPrefix("Array") ? "an array" : "an object"
    }
  }
}
