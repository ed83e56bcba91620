import Foundation

/// Writing SVG and HTML text by hand: escaping and the one number formatter every chart
/// uses, so that identical inputs give identical bytes.
public enum SVG {
  /// Palette slots `s0`…`s8` of the site's style: one per catalogue criterion
  /// (`CriterionName.chartSlot`) and a spare.
  public static let slotCount = 9
  /// The slot of a series that is no catalogue criterion, or a second curve of one.
  public static let spareSlot = 8

  /// The CSS class of palette slot `slot`.
  public static func slotClass(_ slot: Int) -> String { "s\(slot % slotCount)" }

  /// Escapes text for an XML/HTML text node or a double-quoted attribute.
  public static func escape(_ text: String) -> String {
    // Most strings need nothing: check the bytes once before building a copy.
    if !text.utf8.contains(where: {
      $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27
    }) {
      return text
    }
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
    guard x.isFinite, abs(x) < 1e15 else { return "0" }
    // Integer arithmetic on hundredths: exact, and far cheaper than String(format:) in
    // charts with thousands of coordinates.
    let hundredths = Int((x * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let whole = magnitude / 100, fraction = magnitude % 100
    if fraction == 0 { return sign + String(whole) }
    let digits =
      fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
    return "\(sign)\(whole).\(digits)"
  }

  /// A value for people: `digits` decimals.
  public static func value(_ x: Double, digits: Int = 2) -> String {
    guard x.isFinite else { return "–" }
    let text = String(format: "%.\(digits)f", x)
    return text == "-0.00" || text == "-0.0" || text == "-0" ? String(text.dropFirst()) : text
  }
}
