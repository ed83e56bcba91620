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
    func cell(_ text: String) -> String {
      text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
        .replacingOccurrences(of: "\n", with: " ")
    }
    return ([header, header.map { _ in "---" }] + rows).map {
      "| " + $0.map(cell).joined(separator: " | ") + " |"
    }.joined(separator: "\n") + "\n"
  }
}
