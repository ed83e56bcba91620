import Foundation

/// A strict RFC 8259 check run before any project file is decoded. Foundation's parser
/// keeps the last of two equal keys without a word and reports syntax errors in its own
/// terms; this names the line, the column and the JSON path of the first problem in plain
/// words, and refuses an object that repeats a key, so a hand-edited file cannot say two
/// things at once.
public enum JSONSyntax {
  /// The first problem found: where it is and what is wrong.
  public struct Problem: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var jsonPath: String
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
  }

  /// Deeper nesting than this is refused: no project file comes near it, and a recursive
  /// reader must not overflow its stack on a hostile one.
  public static let maximumDepth = 256

  /// The first syntax problem or repeated key in `data`, or nil when it is one valid JSON
  /// value. With `refusingControlCharacters`, a string holding a control character other
  /// than tab and line breaks (written as an escape, since JSON forbids them raw) is a
  /// problem too: no page can show one, and XML forbids most.
  public static func problem(in data: Data, refusingControlCharacters: Bool = false) -> Problem? {
    var scanner = Scanner(bytes: [UInt8](data))
    scanner.refusesControlCharacters = refusingControlCharacters
    do {
      scanner.skipWhitespace()
      try scanner.value(depth: 0)
      scanner.skipWhitespace()
      if scanner.index < scanner.bytes.count {
        throw scanner.problem("unexpected text after the JSON value")
      }
      return nil
    } catch let problem as Problem {
      return problem
    } catch {
      return scanner.problem("cannot be read")
    }
  }

  private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    var refusesControlCharacters = false

    /// Where the scanner is, as members and elements below the root: kept as parts and
    /// joined into a JSON path only when a problem is reported (building the text for every
    /// value made the check cost as much as decoding).
    enum Component {
      case member(String)
      case element(Int)
    }
    var components: [Component] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// `$.cell.fineTuning`, `$.metrics.channels[3]`, `$["odd key"]`.
    var path: String {
      var text = "$"
      for component in components {
        switch component {
        case .member(let key): text = Self.memberPath(text, key)
        case .element(let i): text += "[\(i)]"
        }
      }
      return text
    }

    func problem(_ message: String) -> Problem {
      var line = 1
      var column = 1
      for byte in bytes[..<min(index, bytes.count)] {
        if byte == 0x0A {
          line += 1
          column = 1
        } else if byte & 0xC0 != 0x80 {
          column += 1
        }
      }
      return Problem(line: line, column: column, jsonPath: path, message: message)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        index += 1
      }
    }

    mutating func value(depth: Int) throws {
      guard depth < maximumDepth else {
        throw problem("nested more than \(maximumDepth) levels deep")
      }
      switch current {
      case UInt8(ascii: "{"): try object(depth: depth)
      case UInt8(ascii: "["): try array(depth: depth)
      case UInt8(ascii: "\""): _ = try string()
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
        try number()
      case nil: throw problem("the file ends where a value should be")
      default:
        throw problem(
          "expected a value (an object, array, string, number, true, false or null)")
      }
    }

    mutating func object(depth: Int) throws {
      index += 1
      skipWhitespace()
      var seen: Set<String> = []
      if current == UInt8(ascii: "}") {
        index += 1
        return
      }
      while true {
        guard current == UInt8(ascii: "\"") else {
          throw problem("expected a key in double quotes")
        }
        let keyStart = index
        let key = try string()
        components.append(.member(key))
        guard seen.insert(key).inserted else {
          index = keyStart
          throw problem("the key \"\(key)\" appears twice in one object; keep one of them")
        }
        skipWhitespace()
        guard current == UInt8(ascii: ":") else {
          throw problem("expected ':' after the key")
        }
        index += 1
        skipWhitespace()
        try value(depth: depth + 1)
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
          index += 1
          skipWhitespace()
          components.removeLast()
        case UInt8(ascii: "}"):
          index += 1
          components.removeLast()
          return
        default: throw problem("expected ',' or '}' after the value")
        }
      }
    }

    mutating func array(depth: Int) throws {
      index += 1
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        index += 1
        return
      }
      components.append(.element(0))
      var position = 0
      while true {
        try value(depth: depth + 1)
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
          index += 1
          skipWhitespace()
          position += 1
          components[components.count - 1] = .element(position)
        case UInt8(ascii: "]"):
          index += 1
          components.removeLast()
          return
        default: throw problem("expected ',' or ']' after the value")
        }
      }
    }

    /// Reads a string and returns its text; control characters must be escaped and the
    /// bytes must be UTF-8.
    mutating func string() throws -> String {
      let start = index
      index += 1
      // Most strings have no escape: take the bytes up to the first quote, backslash or
      // control character in one go; the loop below handles the rest byte by byte.
      var end = index
      while end < bytes.count {
        let byte = bytes[end]
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
        end += 1
      }
      var text = Array(bytes[index..<end])
      index = end
      while true {
        guard let byte = current else { throw problem("a string is not closed") }
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          guard let decoded = String(validating: text, as: UTF8.self) else {
            index = start
            throw problem("a string is not valid UTF-8")
          }
          if refusesControlCharacters, let bad = decoded.unicodeScalars.first(where: Self.isControl)
          {
            index = start
            throw problem(
              "holds the control character U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)), which no page can show; remove it"
            )
          }
          return decoded
        case UInt8(ascii: "\\"):
          index += 1
          guard let escaped = current else { throw problem("a string is not closed") }
          switch escaped {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
          case UInt8(ascii: "b"): text.append(0x08)
          case UInt8(ascii: "f"): text.append(0x0C)
          case UInt8(ascii: "n"): text.append(0x0A)
          case UInt8(ascii: "r"): text.append(0x0D)
          case UInt8(ascii: "t"): text.append(0x09)
          case UInt8(ascii: "u"):
            guard var scalar = hexEscape(at: index + 1) else {
              throw problem("\\u must be followed by four hexadecimal digits")
            }
            index += 4
            // Found by fuzzing (Scripts/fuzz JSONSyntax): half of a UTF-16 surrogate pair
            // is no character; Foundation refuses it without saying where.
            if (0xD800...0xDBFF).contains(scalar) {
              guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"),
                bytes[index + 2] == UInt8(ascii: "u"), let low = hexEscape(at: index + 3),
                (0xDC00...0xDFFF).contains(low)
              else {
                throw problem("\\u\(String(scalar, radix: 16)) is half a surrogate pair")
              }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
              index += 6
            } else if (0xDC00...0xDFFF).contains(scalar) {
              throw problem("\\u\(String(scalar, radix: 16)) is half a surrogate pair")
            }
            text.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
          default: throw problem("unknown escape \\\(Character(Unicode.Scalar(escaped)))")
          }
          index += 1
        case 0..<0x20:
          throw problem("a control character inside a string must be escaped")
        default:
          text.append(byte)
          index += 1
        }
      }
    }

    mutating func number() throws {
      // Found by fuzzing (Scripts/fuzz JSONSyntax): `2E2200` is JSON by the grammar but no
      // 64-bit float; Foundation refuses it without saying where, so it is placed here.
      let start = index
      if current == UInt8(ascii: "-") { index += 1 }
      guard let first = current, Self.isDigit(first) else {
        throw problem("a number needs a digit after '-'")
      }
      index += 1
      if first == UInt8(ascii: "0"), let next = current, Self.isDigit(next) {
        throw problem("a number must not start with 0 followed by digits")
      }
      while let byte = current, Self.isDigit(byte) { index += 1 }
      if current == UInt8(ascii: ".") {
        index += 1
        guard let byte = current, Self.isDigit(byte) else {
          throw problem("a number needs digits after '.'")
        }
        while let byte = current, Self.isDigit(byte) { index += 1 }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard let byte = current, Self.isDigit(byte) else {
          throw problem("a number needs digits in its exponent")
        }
        while let byte = current, Self.isDigit(byte) { index += 1 }
      }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      if let value = Double(text), !value.isFinite {
        index = start
        throw problem("the number \(text) is too large for a 64-bit float")
      }
    }

    mutating func literal(_ word: String) throws {
      let expected = Array(word.utf8)
      guard bytes.count - index >= expected.count,
        Array(bytes[index..<(index + expected.count)]) == expected
      else { throw problem("expected a value (did you mean \(word)?)") }
      index += expected.count
    }

    /// C0 controls but tab and line breaks, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
      let value = scalar.value
      if value == 0x09 || value == 0x0A || value == 0x0D { return false }
      return value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// The value of the four hexadecimal digits at `position`, or nil.
    func hexEscape(at position: Int) -> UInt32? {
      guard position + 4 <= bytes.count else { return nil }
      let digits = bytes[position..<(position + 4)]
      guard digits.allSatisfy({ Self.isHexDigit($0) }) else { return nil }
      return UInt32(String(decoding: digits, as: UTF8.self), radix: 16)
    }

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
      isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    static func memberPath(_ path: String, _ key: String) -> String {
      key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !key.isEmpty
        ? "\(path).\(key)" : "\(path)[\"\(key)\"]"
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
