import Foundation

/// Any JSON object key, for reading objects field by field.
public struct AnyKey: CodingKey {
  public var stringValue: String
  public var intValue: Int?
  public init(_ string: String) { stringValue = string }
  public init?(stringValue: String) { self.stringValue = stringValue }
  public init?(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// One JSON object read strictly: a field it does not know is an error naming the field
/// and the allowed ones; missing optional fields take their defaults. The decoder's coding
/// path becomes the JSON path of every error (`$.datasets[1].limitPerClass`).
public struct StrictFields {
  public let container: KeyedDecodingContainer<AnyKey>

  public init(_ decoder: Decoder, allowed: [String]) throws {
    container = try decoder.container(keyedBy: AnyKey.self)
    for key in container.allKeys where !allowed.contains(key.stringValue) {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: container.codingPath + [key],
          debugDescription: "unknown field; allowed: \(allowed.sorted().joined(separator: ", "))"))
    }
  }

  public func required<T: Decodable>(_ name: String) throws -> T {
    try container.decode(T.self, forKey: AnyKey(name))
  }

  public func optional<T: Decodable>(_ name: String) throws -> T? {
    try container.decodeIfPresent(T.self, forKey: AnyKey(name))
  }

  public func value<T: Decodable>(_ name: String, default fallback: T) throws -> T {
    try container.decodeIfPresent(T.self, forKey: AnyKey(name)) ?? fallback
  }

  /// An error about field `name` of this object.
  public func invalid(_ name: String, _ message: String) -> DecodingError {
    .dataCorrupted(
      .init(codingPath: container.codingPath + [AnyKey(name)], debugDescription: message))
  }

  /// An error about the value at `index` of the array in field `name`.
  public func invalid(_ name: String, index: Int, _ message: String) -> DecodingError {
    .dataCorrupted(
      .init(
        codingPath: container.codingPath + [AnyKey(name), AnyKey(intValue: index)!],
        debugDescription: message))
  }
}

/// A JSON path such as `$.architectures[0].width` for a coding path.
public func jsonPathString(_ codingPath: [CodingKey]) -> String {
  "$"
    + codingPath.map { key in
      key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
    }.joined()
}
