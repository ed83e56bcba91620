import Foundation

/// Any JSON object key, for reading objects field by field.
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// One JSON object read strictly: a field it does not know is an error naming the field
/// and the allowed ones; missing optional fields take their defaults. The decoder's coding
/// path becomes the JSON path of every error (`$.datasets[1].limitPerClass`).
struct StrictFields {
  let container: KeyedDecodingContainer<AnyKey>

  init(_ decoder: Decoder, allowed: [String]) throws {
    container = try decoder.container(keyedBy: AnyKey.self)
    for key in container.allKeys where !allowed.contains(key.stringValue) {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: container.codingPath + [key],
          debugDescription: "unknown field; allowed: \(allowed.sorted().joined(separator: ", "))"))
    }
  }

  func required<T: Decodable>(_ name: String) throws -> T {
    try container.decode(T.self, forKey: AnyKey(name))
  }

  func optional<T: Decodable>(_ name: String) throws -> T? {
    try container.decodeIfPresent(T.self, forKey: AnyKey(name))
  }

  func value<T: Decodable>(_ name: String, default fallback: T) throws -> T {
    try container.decodeIfPresent(T.self, forKey: AnyKey(name)) ?? fallback
  }

  /// An error about field `name` of this object.
  func invalid(_ name: String, _ message: String) -> DecodingError {
    .dataCorrupted(
      .init(codingPath: container.codingPath + [AnyKey(name)], debugDescription: message))
  }

  /// An error about the value at `index` of the array in field `name`.
  func invalid(_ name: String, index: Int, _ message: String) -> DecodingError {
    .dataCorrupted(
      .init(
        codingPath: container.codingPath + [AnyKey(name), AnyKey(intValue: index)!],
        debugDescription: message))
  }
}

/// A JSON path such as `$.architectures[0].width` for a coding path.
func jsonPathString(_ codingPath: [CodingKey]) -> String {
  "$"
    + codingPath.map { key in
      key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
    }.joined()
}

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

  public var description: String { "\(path): \(jsonPath): \(message)" }

  /// The error for a decoding failure of `path`, naming the JSON path it happened at.
  static func decoding(_ error: Error, path: String) -> SpecError {
    switch error as? DecodingError {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty, context.underlyingError != nil {
        return SpecError(path: path, message: "is not valid JSON: \(context.debugDescription)")
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
