import Foundation

/// A small SVG badge for READMEs: `OCNNA · ResNet-56 on CIFAR-10 | drop 1.2 @ RPR 0.50`.
public enum Badge {
  public static func svg(label: String, value: String, state: String) -> String {
    let labelWidth = 7 * Double(label.count) + 12, valueWidth = 7 * Double(value.count) + 12
    let width = labelWidth + valueWidth
    let color =
      ["fresh": "#15803d", "stale": "#a16207", "failed": "#b91c1c"][state] ?? "#6b7280"
    let n = SVG.number
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="20">
      <title>\(SVG.escape("\(label): \(value)"))</title>
      <rect width="\(n(labelWidth))" height="20" fill="#444"/>
      <rect x="\(n(labelWidth))" width="\(n(valueWidth))" height="20" fill="\(color)"/>
      <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
      <text x="6" y="14">\(SVG.escape(label))</text>
      <text x="\(n(labelWidth + 6))" y="14">\(SVG.escape(value))</text>
      </g>
      </svg>

      """
  }
}
