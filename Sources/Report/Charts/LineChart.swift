import Foundation

/// Curves over epochs (accuracy in percent), for training and fine-tuning.
public struct LineChart {
  public var title: String
  public var description: String
  public var series: [(name: String, values: [Double])]

  public init(title: String, description: String, series: [(name: String, values: [Double])]) {
    self.title = title
    self.description = description
    self.series = series.filter { !$0.values.isEmpty }
  }

  public func svg(id: String) -> String {
    let n = SVG.number
    let width = 560.0, height = 280.0, left = 50.0, right = 16.0, top = 14.0, bottom = 70.0
    let epochs = max(2, series.map(\.values.count).max() ?? 2)
    func px(_ i: Int) -> Double {
      left + Double(i) / Double(epochs - 1) * (width - left - right)
    }
    func py(_ v: Double) -> Double { height - bottom - v / 100 * (height - top - bottom) }
    var out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
    out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>\n"
    out += "<desc id=\"\(id)-desc\">\(SVG.escape(description))</desc>\n"
    out +=
      "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\"/>\n<g class=\"grid\">\n"
    for tick in stride(from: 0.0, through: 100, by: 20) {
      out +=
        "<line x1=\"\(n(left))\" y1=\"\(n(py(tick)))\" x2=\"\(n(width - right))\" y2=\"\(n(py(tick)))\"/>\n"
    }
    out += "</g>\n<g class=\"axis\">\n"
    for tick in stride(from: 0.0, through: 100, by: 20) {
      out +=
        "<text x=\"\(n(left - 6))\" y=\"\(n(py(tick) + 4))\" text-anchor=\"end\">\(Int(tick))</text>\n"
    }
    out +=
      "<text x=\"\(n((left + width - right) / 2))\" y=\"\(n(height - bottom + 18))\" text-anchor=\"middle\" class=\"label\">epoch</text>\n</g>\n"
    for (index, s) in series.enumerated() {
      let points = s.values.enumerated().map { "\(n(px($0.offset))),\(n(py($0.element)))" }
      out += "<g class=\"series \(SVG.slotClass(index))\">\n"
      out += "<polyline class=\"curve\" points=\"\(points.joined(separator: " "))\"/>\n"
      for (i, v) in s.values.enumerated() {
        out +=
          "<circle cx=\"\(n(px(i)))\" cy=\"\(n(py(v)))\" r=\"3\"><title>\(SVG.escape("\(s.name), epoch \(i + 1): \(SVG.value(v))%"))</title></circle>\n"
      }
      let x = 8 + Double(index % 2) * 270, y = height - 34.0 + Double(index / 2) * 20
      out +=
        "<circle cx=\"\(n(x))\" cy=\"\(n(y - 4))\" r=\"4\"/><text x=\"\(n(x + 9))\" y=\"\(n(y))\">\(SVG.escape(s.name))</text>\n</g>\n"
    }
    out += "</svg>\n"
    return out
  }
}
