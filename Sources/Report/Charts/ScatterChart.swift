import Foundation

/// An accuracy-drop chart: series of points against a ratio on a log or linear x axis,
/// with seed-spread error bars, hollow markers for recorded (published) points, the
/// Pareto front dashed, a legend, and a `<title>` tooltip on every point.
///
/// A value type that renders SVG text: the same chart gives the same bytes.
public struct ScatterChart {
  public struct Point {
    public var x: Double
    public var y: Double
    /// Half-length of the error bar (seed spread), if any.
    public var error: Double?
    public var tooltip: String
    /// A page the point links to (relative URL).
    public var link: String?

    public init(x: Double, y: Double, error: Double? = nil, tooltip: String, link: String? = nil) {
      self.x = x
      self.y = y
      self.error = error
      self.tooltip = tooltip
      self.link = link
    }
  }

  public struct Series {
    public var name: String
    /// The palette slot (`s0`…`s8`); recorded series use the neutral style.
    public var style: Int
    public var hollow: Bool
    /// Draw a line through the points in x order (a measured method's curve).
    public var connect: Bool
    public var points: [Point]

    public init(name: String, style: Int, hollow: Bool, connect: Bool, points: [Point]) {
      self.name = name
      self.style = style
      self.hollow = hollow
      self.connect = connect
      self.points = points
    }
  }

  public var title: String
  public var description: String
  public var xLabel: String
  public var yLabel: String
  public var logX: Bool
  public var series: [Series]

  public init(
    title: String, description: String, xLabel: String, yLabel: String, logX: Bool = true,
    series: [Series]
  ) {
    self.title = title
    self.description = description
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logX = logX
    self.series = series
  }

  static let width = 640.0
  static let plotHeight = 320.0
  static let margin = (left: 58.0, right: 18.0, top: 16.0, bottom: 46.0)

  var allPoints: [Point] { series.flatMap(\.points).filter { $0.x > 0 && $0.x.isFinite } }

  /// The points no other point beats on both axes (lower x and lower y are better).
  public var paretoFront: [Point] {
    let points = allPoints.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
    var front: [Point] = []
    var best = Double.infinity
    // In x order, a point is on the front when its drop is below that of every point
    // with a smaller ratio.
    for point in points where point.y < best {
      front.append(point)
      best = point.y
    }
    return front
  }

  /// The SVG document (standalone when `standalone`, with its own style and XML header).
  public func svg(id: String, standalone: Bool = false) -> String {
    let points = allPoints
    let legendRows = (series.count + 2) / 3
    let height =
      Self.plotHeight + Self.margin.top + Self.margin.bottom + Double(legendRows) * 18 + 8
    let plotLeft = Self.margin.left, plotRight = Self.width - Self.margin.right
    let plotTop = Self.margin.top, plotBottom = Self.margin.top + Self.plotHeight
    // Axis ranges.
    let xs = points.map(\.x),
      ys = points.flatMap { [$0.y - ($0.error ?? 0), $0.y + ($0.error ?? 0)] }
    var xMin = xs.min() ?? 0.1, xMax = xs.max() ?? 1
    if logX {
      xMin = pow(10, floor(log10(max(1e-4, xMin)) * 2) / 2)
      xMax = min(1, pow(10, ceil(log10(max(xMin * 1.01, xMax)) * 2) / 2))
      if xMax <= xMin { xMax = xMin * 10 }
    } else {
      xMin = 0
      xMax = max(1, xMax)
    }
    let yTicks = Self.niceTicks(min: min(0, ys.min() ?? 0), max: max(1, ys.max() ?? 1))
    let yMin = yTicks.first!, yMax = yTicks.last!
    func px(_ x: Double) -> Double {
      let t =
        logX ? (log10(x) - log10(xMin)) / (log10(xMax) - log10(xMin)) : (x - xMin) / (xMax - xMin)
      return plotLeft + t * (plotRight - plotLeft)
    }
    func py(_ y: Double) -> Double {
      plotBottom - (y - yMin) / (yMax - yMin) * (plotBottom - plotTop)
    }
    let n = SVG.number
    var out = ""
    if standalone { out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
    out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>\n"
    out += "<desc id=\"\(id)-desc\">\(SVG.escape(description))</desc>\n"
    if standalone { out += "<style>\(Self.standaloneStyle)</style>\n" }
    out +=
      "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(n(Self.width))\" height=\"\(n(height))\"/>\n"
    // Grid and axes.
    out += "<g class=\"grid\">\n"
    for tick in yTicks {
      out +=
        "<line x1=\"\(n(plotLeft))\" y1=\"\(n(py(tick)))\" x2=\"\(n(plotRight))\" y2=\"\(n(py(tick)))\"/>\n"
    }
    let xTicks = logX ? Self.logTicks(min: xMin, max: xMax) : Self.niceTicks(min: xMin, max: xMax)
    for tick in xTicks {
      out +=
        "<line x1=\"\(n(px(tick)))\" y1=\"\(n(plotTop))\" x2=\"\(n(px(tick)))\" y2=\"\(n(plotBottom))\"/>\n"
    }
    out += "</g>\n<g class=\"axis\">\n"
    out +=
      "<line x1=\"\(n(plotLeft))\" y1=\"\(n(py(0)))\" x2=\"\(n(plotRight))\" y2=\"\(n(py(0)))\" class=\"zero\"/>\n"
    for tick in yTicks {
      out +=
        "<text x=\"\(n(plotLeft - 6))\" y=\"\(n(py(tick) + 4))\" text-anchor=\"end\">\(SVG.value(tick, digits: tick == tick.rounded() ? 0 : 1))</text>\n"
    }
    for tick in xTicks {
      out +=
        "<text x=\"\(n(px(tick)))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\">\(Self.tickLabel(tick))</text>\n"
    }
    out +=
      "<text x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(plotBottom + 36))\" text-anchor=\"middle\" class=\"label\">\(SVG.escape(xLabel))</text>\n"
    out +=
      "<text transform=\"translate(14 \(n((plotTop + plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"label\">\(SVG.escape(yLabel))</text>\n"
    out += "</g>\n"
    // Pareto front.
    let front = paretoFront
    if front.count >= 2 {
      out +=
        "<polyline class=\"pareto\" points=\"\(front.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " "))\"><title>Pareto front: no other point has both a lower ratio and a lower drop</title></polyline>\n"
    }
    // Series.
    for (index, s) in series.enumerated() {
      let cls = s.hollow ? "recorded" : SVG.slotClass(s.style)
      out += "<g class=\"series \(cls)\" data-series=\"\(index)\">\n"
      let sorted = s.points.filter { $0.x > 0 }.sorted { $0.x < $1.x }
      if s.connect && sorted.count >= 2 {
        out +=
          "<polyline class=\"curve\" points=\"\(sorted.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " "))\"/>\n"
      }
      for p in sorted {
        var mark = ""
        if let error = p.error, error > 0 {
          mark +=
            "<line class=\"error\" x1=\"\(n(px(p.x)))\" y1=\"\(n(py(p.y - error)))\" x2=\"\(n(px(p.x)))\" y2=\"\(n(py(p.y + error)))\"/>"
        }
        mark +=
          "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"\(s.hollow ? 4 : 4.5)\"><title>\(SVG.escape(p.tooltip))</title></circle>"
        if let link = p.link {
          out += "<a href=\"\(SVG.escape(link))\">\(mark)</a>\n"
        } else {
          out += mark + "\n"
        }
      }
      out += "</g>\n"
    }
    // Legend.
    out += "<g class=\"legend\">\n"
    for (index, s) in series.enumerated() {
      let x = plotLeft + Double(index % 3) * 190
      let y = plotBottom + 56 + Double(index / 3) * 18
      let cls = s.hollow ? "recorded" : SVG.slotClass(s.style)
      out +=
        "<g class=\"series \(cls)\"><circle cx=\"\(n(x))\" cy=\"\(n(y - 4))\" r=\"4\"/><text x=\"\(n(x + 9))\" y=\"\(n(y))\">\(SVG.escape(Self.shorten(s.name, 28)))</text></g>\n"
    }
    out += "</g>\n</svg>\n"
    return out
  }

  static func shorten(_ text: String, _ length: Int) -> String {
    text.count <= length ? text : String(text.prefix(length - 1)) + "…"
  }

  static func tickLabel(_ x: Double) -> String {
    x >= 0.1 || x == 0 ? SVG.number(x) : String(format: "%g", x)
  }

  /// 1-2-5 ticks between `min` and `max` on a log axis.
  static func logTicks(min: Double, max: Double) -> [Double] {
    var ticks: [Double] = []
    var decade = pow(10, floor(log10(min)))
    while decade <= max * 1.0001 {
      for m in [1.0, 2, 5] where decade * m >= min * 0.9999 && decade * m <= max * 1.0001 {
        ticks.append(decade * m)
      }
      decade *= 10
    }
    return ticks
  }

  /// Round ticks covering [min, max], about six of them.
  static func niceTicks(min: Double, max: Double) -> [Double] {
    let span = Swift.max(1e-9, max - min)
    let raw = span / 6
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    let start = floor(min / step) * step
    var ticks: [Double] = []
    var t = start
    while t <= max + step * 0.999 {
      ticks.append((t / step).rounded() * step)
      t += step
      if ticks.count > 20 { break }
    }
    return ticks
  }

  /// The chart style for a standalone SVG file (pages use `style.css`).
  static let standaloneStyle = """
    svg{font:12px system-ui,sans-serif}.bg{fill:#fff}.grid line{stroke:#e3e3e3}\
    .axis text{fill:#333}.axis .zero{stroke:#888}.label{font-weight:600}\
    .pareto{fill:none;stroke:#555;stroke-dasharray:4 3}.curve{fill:none;stroke-width:1.5}\
    .error{stroke-width:1.5}.recorded circle{fill:none;stroke:#777;stroke-width:1.3}\
    .legend text{fill:#333}.s0{--c:#0072b2}.s1{--c:#e69f00}.s2{--c:#009e73}.s3{--c:#56b4e9}.s4{--c:#d55e00}.s5{--c:#6a3d9a}.s6{--c:#8c6d31}.s7{--c:#cc79a7}.s8{--c:#999933}\
    .series:not(.recorded) circle{fill:var(--c)}.series .curve,.series .error{stroke:var(--c)}
    """
}
