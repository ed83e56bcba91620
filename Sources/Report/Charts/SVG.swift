import Foundation

/// Writing SVG and HTML text by hand: escaping and the one number formatter every chart
/// uses, so that identical inputs give identical bytes.
public enum SVG {
  /// Escapes text for an XML/HTML text node or a double-quoted attribute.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text.unicodeScalars {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters are not allowed in XML 1.0; drop them.
        if character.value < 0x20 && character != "\n" && character != "\t" { continue }
        out.unicodeScalars.append(character)
      }
    }
    return out
  }

  /// A coordinate with at most two decimals and no trailing zeros ("12.5", "3").
  public static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let rounded = (x * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(format: "%.2f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }

  /// A value for people: `digits` decimals.
  public static func value(_ x: Double, digits: Int = 2) -> String {
    guard x.isFinite else { return "–" }
    let text = String(format: "%.\(digits)f", x)
    return text == "-0.00" || text == "-0.0" || text == "-0" ? String(text.dropFirst()) : text
  }
}
