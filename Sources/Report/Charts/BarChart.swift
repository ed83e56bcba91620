import Foundation

/// Grouped horizontal bars: one group per layer, one bar per series (method), as the run
/// page shows the channels each method kept.
public struct BarChart {
  public var title: String
  public var description: String
  /// Group labels (layers), top to bottom.
  public var groups: [String]
  /// Series name, palette slot and one value per group, with the full value each bar is
  /// out of.
  public var series: [(name: String, slot: Int, values: [Double])]
  public var totals: [Double]

  public init(
    title: String, description: String, groups: [String],
    series: [(name: String, slot: Int, values: [Double])], totals: [Double]
  ) {
    self.title = title
    self.description = description
    self.groups = groups
    self.series = series
    self.totals = totals
  }

  public func svg(id: String) -> String {
    let n = SVG.number
    let bar = 8.0, gap = 8.0, left = 150.0, width = 560.0, right = 20.0
    let groupHeight = Double(series.count) * bar + gap
    let legendHeight = 22.0 * Double((series.count + 2) / 3)
    let height = 10 + Double(groups.count) * groupHeight + legendHeight + 10
    let maxTotal = max(1, totals.max() ?? 1)
    var out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
    out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>\n"
    out += "<desc id=\"\(id)-desc\">\(SVG.escape(description))</desc>\n"
    out += "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\"/>\n"
    for (g, group) in groups.enumerated() {
      let top = 10 + Double(g) * groupHeight
      out +=
        "<text x=\"\(n(left - 6))\" y=\"\(n(top + groupHeight / 2))\" text-anchor=\"end\">\(SVG.escape(group))</text>\n"
      let full = (width - left - right) * totals[g] / maxTotal
      out +=
        "<rect class=\"grid-bar\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(full))\" height=\"\(n(groupHeight - gap))\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.25\"/>\n"
      for (s, entry) in series.enumerated() {
        let value = entry.values[g]
        let w = (width - left - right) * value / maxTotal
        out +=
          "<rect class=\"bar \(SVG.slotClass(entry.slot))\" x=\"\(n(left))\" y=\"\(n(top + Double(s) * bar))\" width=\"\(n(w))\" height=\"\(n(bar - 1))\"><title>\(SVG.escape("\(entry.name): \(group) keeps \(Int(value)) of \(Int(totals[g]))"))</title></rect>\n"
      }
    }
    let legendTop = 10 + Double(groups.count) * groupHeight + 6
    for (s, entry) in series.enumerated() {
      let x = 8 + Double(s % 3) * 180, y = legendTop + Double(s / 3) * 22 + 14
      out +=
        "<rect class=\"bar \(SVG.slotClass(entry.slot))\" x=\"\(n(x))\" y=\"\(n(y - 8))\" width=\"10\" height=\"8\"/><text x=\"\(n(x + 14))\" y=\"\(n(y))\">\(SVG.escape(entry.name))</text>\n"
    }
    out += "</svg>\n"
    return out
  }
}
