import Foundation

/// A small JSON Schema (2020-12) checker for the keywords the project's schemas use —
/// `type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minItems`, `uniqueItems`,
/// `minLength`, `pattern`, `anyOf`, `oneOf` and local `$ref`s — so tests can hold data files to their
/// schemas. A keyword it does not know fails loudly rather than passing silently.
public struct JSONSchemaCheck {
  let root: [String: Any]
  static let known: Set<String> = [
    "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "type", "properties",
    "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minItems", "uniqueItems", "minLength", "pattern",
    "anyOf", "oneOf",
    "default", "examples",
  ]

  public init(schema url: URL) throws {
    guard let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    else { throw CocoaError(.fileReadCorruptFile) }
    self.root = root
  }

  /// Every violation of `value` (parsed JSON) against the schema, as `path: rule`.
  public func violations(of value: Any) -> [String] {
    var found: [String] = []
    check(value, root, "$", &found)
    return found
  }

  /// Every violation in the JSON file at `url`.
  public func violations(ofFile url: URL) throws -> [String] {
    violations(of: try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
  }

  func resolve(_ reference: String) -> [String: Any] {
    precondition(reference.hasPrefix("#/"), "only local $refs are supported: \(reference)")
    var node: Any = root
    for part in reference.dropFirst(2).split(separator: "/") {
      node = (node as? [String: Any])?[String(part)] ?? [:]
    }
    return node as? [String: Any] ?? [:]
  }

  static func isBool(_ value: Any) -> Bool {
    (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
  }

  /// JSON equality of two parsed values (numbers by value, booleans apart from numbers).
  static func equal(_ a: Any, _ b: Any) -> Bool {
    if isBool(a) || isBool(b) {
      return isBool(a) && isBool(b) && (a as! NSNumber).boolValue == (b as! NSNumber).boolValue
    }
    if let x = a as? NSNumber, let y = b as? NSNumber { return x.doubleValue == y.doubleValue }
    if let x = a as? String, let y = b as? String { return x == y }
    if a is NSNull && b is NSNull { return true }
    return false
  }

  static func matches(type: String, _ value: Any) -> Bool {
    switch type {
    case "object": value is [String: Any]
    case "array": value is [Any]
    case "string": value is String
    case "boolean": isBool(value)
    case "null": value is NSNull
    case "number": !isBool(value) && value is NSNumber
    case "integer":
      !isBool(value)
        && (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue }
          ?? false
    default: preconditionFailure("unknown JSON Schema type \(type)")
    }
  }

  func check(_ value: Any, _ schema: [String: Any], _ path: String, _ found: inout [String]) {
    for key in schema.keys where !Self.known.contains(key) {
      preconditionFailure("JSONSchemaCheck does not implement '\(key)' (at \(path))")
    }
    if let reference = schema["$ref"] as? String {
      check(value, resolve(reference), path, &found)
    }
    if let type = schema["type"] {
      let types = (type as? [String]) ?? [type as! String]
      if !types.contains(where: { Self.matches(type: $0, value) }) {
        found.append("\(path): must be \(types.joined(separator: " or "))")
        return
      }
    }
    if let options = schema["enum"] as? [Any],
      !options.contains(where: { Self.equal($0, value) })
    {
      found.append("\(path): must be one of \(options)")
    }
    if let constant = schema["const"], !Self.equal(constant, value) {
      found.append("\(path): must be \(constant)")
    }
    if let number = value as? NSNumber, !Self.isBool(value) {
      let x = number.doubleValue
      if let m = (schema["minimum"] as? NSNumber)?.doubleValue, x < m {
        found.append("\(path): \(x) < minimum \(m)")
      }
      if let m = (schema["maximum"] as? NSNumber)?.doubleValue, x > m {
        found.append("\(path): \(x) > maximum \(m)")
      }
      if let m = (schema["exclusiveMinimum"] as? NSNumber)?.doubleValue, x <= m {
        found.append("\(path): \(x) ≤ exclusive minimum \(m)")
      }
      if let m = (schema["exclusiveMaximum"] as? NSNumber)?.doubleValue, x >= m {
        found.append("\(path): \(x) ≥ exclusive maximum \(m)")
      }
    }
    if let string = value as? String {
      if let m = schema["minLength"] as? Int, string.count < m {
        found.append("\(path): shorter than \(m)")
      }
      if let pattern = schema["pattern"] as? String,
        string.range(of: pattern, options: .regularExpression) == nil
      {
        found.append("\(path): does not match \(pattern)")
      }
    }
    if let array = value as? [Any] {
      if let m = schema["minItems"] as? Int, array.count < m {
        found.append("\(path): fewer than \(m) items")
      }
      if schema["uniqueItems"] as? Bool == true,
        let repeated = array.indices.first(where: { i in
          array[..<i].contains { Self.equal($0, array[i]) }
        })
      {
        found.append("\(path)[\(repeated)]: repeats an earlier item")
      }
      if let items = schema["items"] as? [String: Any] {
        for (i, item) in array.enumerated() { check(item, items, "\(path)[\(i)]", &found) }
      }
    }
    if let object = value as? [String: Any] {
      let properties = schema["properties"] as? [String: Any] ?? [:]
      for key in (schema["required"] as? [String] ?? []) where object[key] == nil {
        found.append("\(path).\(key): is required")
      }
      for (key, field) in object.sorted(by: { $0.key < $1.key }) {
        if let sub = properties[key] as? [String: Any] {
          check(field, sub, "\(path).\(key)", &found)
        } else if let extra = schema["additionalProperties"] {
          if let allowed = extra as? Bool, !allowed, Self.isBool(extra) {
            found.append("\(path).\(key): is not allowed")
          } else if let sub = extra as? [String: Any] {
            check(field, sub, "\(path).\(key)", &found)
          }
        }
      }
    }
    if let options = schema["anyOf"] as? [[String: Any]] {
      let passing = options.filter { option in
        var inner: [String] = []
        check(value, option, path, &inner)
        return inner.isEmpty
      }
      if passing.isEmpty { found.append("\(path): matches none of anyOf") }
    }
    if let options = schema["oneOf"] as? [[String: Any]] {
      let passing = options.filter { option in
        var inner: [String] = []
        check(value, option, path, &inner)
        return inner.isEmpty
      }
      if passing.count != 1 {
        found.append("\(path): matches \(passing.count) of oneOf (exactly 1 needed)")
      }
    }
  }
}
