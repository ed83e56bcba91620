import Foundation

/// A table the site shows, exported as CSV (RFC 4180) and Markdown beside the page.
public struct ExportTable {
  public var header: [String]
  public var rows: [[String]]

  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }

  public var csv: String {
    func field(_ text: String) -> String {
      text.contains(where: { ",\"\n\r".contains($0) })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n")
      + "\r\n"
  }

  public var markdown: String {
    // Markdown renderers pass HTML through, so markup in data is escaped here too.
    // One pass over the characters, and none for the common cell that needs no escape.
    func cell(_ text: String) -> String {
      guard text.utf8.contains(where: { "&<>|\n".utf8.contains($0) }) else { return text }
      var escaped = ""
      escaped.reserveCapacity(text.utf8.count + 8)
      for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "|": escaped += "\\|"
        case "\n", "\r\n": escaped += " "
        default: escaped.append(character)
        }
      }
      return escaped
    }
    return ([header, header.map { _ in "---" }] + rows).map {
      "| " + $0.map(cell).joined(separator: " | ") + " |"
    }.joined(separator: "\n") + "\n"
  }
}
