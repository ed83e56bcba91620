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
    /// Drawn open (ringed in its colour, empty inside): fewer than three seeds.
    public var thin: Bool
    /// Drawn with a dashed ring: a warning sign the tables explain.
    public var flagged: Bool
    /// A short label printed beside the point, keyed in the legend (published panels).
    public var label: String?

    public init(
      x: Double, y: Double, error: Double? = nil, tooltip: String, link: String? = nil,
      thin: Bool = false, flagged: Bool = false, label: String? = nil
    ) {
      self.x = x
      self.y = y
      self.error = error
      self.tooltip = tooltip
      self.link = link
      self.thin = thin
      self.flagged = flagged
      self.label = label
    }
  }

  /// A series' point shape: circles by default; other shapes tell apart series that
  /// share a colour (OCNNA's readings share OCNNA's).
  public enum Marker: Sendable, CaseIterable {
    case circle, square, diamond, triangle, triangleDown, plus

    /// The SVG element of the shape centred at (x, y), `attributes` inserted.
    func element(x: Double, y: Double, radius r: Double, attributes: String, content: String)
      -> String
    {
      let n = SVG.number
      let path: String
      switch self {
      case .circle:
        return
          "<circle\(attributes) cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(r)\">\(content)</circle>"
      case .square:
        let h = r * 0.88
        path = "M\(n(x - h)),\(n(y - h))H\(n(x + h))V\(n(y + h))H\(n(x - h))Z"
      case .diamond:
        let h = r * 1.25
        path = "M\(n(x)),\(n(y - h))L\(n(x + h)),\(n(y))L\(n(x)),\(n(y + h))L\(n(x - h)),\(n(y))Z"
      case .triangle:
        path =
          "M\(n(x)),\(n(y - r * 1.2))L\(n(x + r * 1.1)),\(n(y + r * 0.8))L\(n(x - r * 1.1)),\(n(y + r * 0.8))Z"
      case .triangleDown:
        path =
          "M\(n(x)),\(n(y + r * 1.2))L\(n(x + r * 1.1)),\(n(y - r * 0.8))L\(n(x - r * 1.1)),\(n(y - r * 0.8))Z"
      case .plus:
        let a = r * 0.36, b = r * 1.2
        path =
          "M\(n(x - a)),\(n(y - b))H\(n(x + a))V\(n(y - a))H\(n(x + b))V\(n(y + a))H\(n(x + a))V\(n(y + b))H\(n(x - a))V\(n(y + a))H\(n(x - b))V\(n(y - a))H\(n(x - a))Z"
      }
      let classes = attributes.contains("class=\"thin\"") ? "pt thin" : "pt"
      let rest = attributes.replacingOccurrences(of: " class=\"thin\"", with: "")
      return "<path class=\"\(classes)\"\(rest) d=\"\(path)\">\(content)</path>"
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
    public var marker: Marker

    public init(
      name: String, style: Int, hollow: Bool, connect: Bool, points: [Point],
      marker: Marker = .circle
    ) {
      self.name = name
      self.style = style
      self.hollow = hollow
      self.connect = connect
      self.points = points
      self.marker = marker
    }
  }

  public var title: String
  /// What the chart's numbers are, printed under the title (budget, base accuracy, scale).
  public var subtitle: String
  public var description: String
  public var xLabel: String
  public var yLabel: String
  public var logX: Bool
  public var series: [Series]
  /// Keyed labels (`1 — GAL-0.6 (RPR 0.12)`) listed under the legend.
  public var keys: [String]
  /// Whether the Pareto front is drawn: only where a lower x is better (a ratio of what
  /// remains), not where x is how much was removed.
  public var drawsParetoFront = true

  public init(
    title: String, subtitle: String = "", description: String, xLabel: String, yLabel: String,
    logX: Bool = true, series: [Series], keys: [String] = []
  ) {
    self.title = title
    self.subtitle = subtitle
    self.keys = keys
    self.description = description
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logX = logX
    self.series = series
  }

  /// Sized so that 16-unit text stays at least 11 px tall on a 420 px wide phone, where
  /// the chart is drawn about 390 px wide.
  static let width = 560.0
  static let plotHeight = 300.0
  static let margin = (left: 64.0, right: 16.0, top: 16.0, bottom: 50.0)
  static let lineHeight = 21.0
  /// Characters per subtitle or key line at the chart's font size.
  static let lineCharacters = 56
  /// Points closer than this many units on x are spread apart so none hides another.
  static let dodgeStep = 7.0

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

  /// The SVG document (standalone when `standalone`, with its own style, XML header and a
  /// visible title).
  public func svg(id: String, standalone: Bool = false) -> String {
    let points = allPoints
    let n = SVG.number
    let titleLines = standalone ? Self.wrap(title) : []
    let subtitleLines = subtitle.isEmpty ? [] : Self.wrap(subtitle)
    let headerHeight = Double(titleLines.count + subtitleLines.count) * Self.lineHeight
    let legendRows = (series.count + 1) / 2 + (hasMarks ? 1 : 0)
    let keyLines = keys.flatMap { Self.wrap($0) }
    let plotLeft = Self.margin.left, plotRight = Self.width - Self.margin.right
    let plotTop = Self.margin.top + headerHeight
    let plotBottom = plotTop + Self.plotHeight
    let legendTop = plotBottom + Self.margin.bottom + 14
    let height =
      legendTop + Double(legendRows + keyLines.count) * Self.lineHeight + 4
    // Axis ranges: x from the points; y from the points' values (not their intervals, which
    // are clipped at the frame with a mark), always including zero.
    let xs = points.map(\.x), ys = points.map(\.y)
    var xMin = xs.min() ?? 0.1, xMax = xs.max() ?? 1
    if logX {
      xMin = pow(10, floor(log10(max(1e-4, xMin)) * 2) / 2)
      xMax = min(1, pow(10, ceil(log10(max(xMin * 1.01, xMax)) * 2) / 2))
      if xMax <= xMin { xMax = xMin * 10 }
    } else {
      xMin = 0
      xMax = max(1, xMax)
    }
    let low = min(0, ys.min() ?? 0), high = max(0.5, ys.max() ?? 1)
    let pad = (high - low) * 0.05
    let yTicks = Self.niceTicks(min: low - (low < 0 ? pad : 0), max: high + pad)
    let yMin = yTicks.first!, yMax = yTicks.last!
    func px(_ x: Double) -> Double {
      let t =
        logX ? (log10(x) - log10(xMin)) / (log10(xMax) - log10(xMin)) : (x - xMin) / (xMax - xMin)
      return plotLeft + t * (plotRight - plotLeft)
    }
    func py(_ y: Double) -> Double {
      plotBottom - (y - yMin) / (yMax - yMin) * (plotBottom - plotTop)
    }
    let offsets = dodgeOffsets(px)
    var out = ""
    if standalone { out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
    // Inline, ARIA names the chart from its title and description; a standalone file is
    // SVG 1.1, where `<title>` and `<desc>` name it and ARIA attributes are not allowed.
    let accessibility =
      standalone ? "" : " role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\"\(accessibility)>\n"
    out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>\n"
    out += "<desc id=\"\(id)-desc\">\(SVG.escape(description))</desc>\n"
    if standalone { out += "<style>\(Self.standaloneStyle)</style>\n" }
    out +=
      "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(n(Self.width))\" height=\"\(n(height))\"/>\n"
    var lineY = Self.margin.top
    for line in titleLines {
      out += "<text class=\"label\" x=\"8\" y=\"\(n(lineY + 4))\">\(SVG.escape(line))</text>\n"
      lineY += Self.lineHeight
    }
    for line in subtitleLines {
      out += "<text class=\"subtitle\" x=\"8\" y=\"\(n(lineY + 4))\">\(SVG.escape(line))</text>\n"
      lineY += Self.lineHeight
    }
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
        "<text x=\"\(n(plotLeft - 6))\" y=\"\(n(py(tick) + 5))\" text-anchor=\"end\">\(SVG.value(tick, digits: tick == tick.rounded() ? 0 : 1))</text>\n"
    }
    for tick in xTicks {
      out +=
        "<text x=\"\(n(px(tick)))\" y=\"\(n(plotBottom + 19))\" text-anchor=\"middle\">\(Self.tickLabel(tick))</text>\n"
    }
    out +=
      "<text x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(plotBottom + 42))\" text-anchor=\"middle\" class=\"label\">\(SVG.escape(xLabel))</text>\n"
    out +=
      "<text transform=\"translate(18 \(n((plotTop + plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"label\">\(SVG.escape(yLabel))</text>\n"
    out += "</g>\n"
    // Pareto front.
    let front = drawsParetoFront ? paretoFront : []
    if front.count >= 2 {
      out +=
        "<polyline class=\"pareto\" points=\"\(front.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " "))\"><title>Pareto front: no other point of this chart has both a lower ratio and a lower drop</title></polyline>\n"
    }
    // Series.
    for (index, s) in series.enumerated() {
      let cls = (s.hollow ? "recorded " : "") + SVG.slotClass(s.style)
      out += "<g class=\"series \(cls)\" data-series=\"\(index)\">\n"
      let sorted = s.points.indices.filter { s.points[$0].x > 0 && s.points[$0].x.isFinite }
        .sorted { s.points[$0].x < s.points[$1].x }
      func cx(_ i: Int) -> Double { px(s.points[i].x) + offsets[Key(series: index, point: i)]! }
      if s.connect && sorted.count >= 2 {
        out +=
          "<polyline class=\"curve\" points=\"\(sorted.map { "\(n(cx($0))),\(n(py(s.points[$0].y)))" }.joined(separator: " "))\"/>\n"
      }
      for i in sorted {
        let p = s.points[i]
        let x = cx(i), y = py(p.y)
        var mark = ""
        if let error = p.error, error > 0 {
          let top = p.y + error, bottom = p.y - error
          mark +=
            "<line class=\"error\" x1=\"\(n(x))\" y1=\"\(n(py(max(yMin, bottom))))\" x2=\"\(n(x))\" y2=\"\(n(py(min(yMax, top))))\"/>"
          if top > yMax {
            mark +=
              "<path class=\"clipped\" d=\"M\(n(x - 5)),\(n(plotTop + 7))L\(n(x)),\(n(plotTop))L\(n(x + 5)),\(n(plotTop + 7))Z\"><title>interval continues to \(SVG.value(top))</title></path>"
          }
          if bottom < yMin {
            mark +=
              "<path class=\"clipped\" d=\"M\(n(x - 5)),\(n(plotBottom - 7))L\(n(x)),\(n(plotBottom))L\(n(x + 5)),\(n(plotBottom - 7))Z\"><title>interval continues to \(SVG.value(bottom))</title></path>"
          }
        }
        if p.flagged {
          mark += "<circle class=\"flag\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"8.5\"/>"
        }
        mark += s.marker.element(
          x: x, y: y, radius: s.hollow ? 4.5 : 5, attributes: p.thin ? " class=\"thin\"" : "",
          content: "<title>\(SVG.escape(p.tooltip))</title>")
        if let label = p.label {
          mark +=
            "<text class=\"key\" x=\"\(n(x + 7))\" y=\"\(n(y - 6))\">\(SVG.escape(label))</text>"
        }
        if let link = p.link {
          out += "<a href=\"\(SVG.escape(link))\">\(mark)</a>\n"
        } else {
          out += mark + "\n"
        }
      }
      out += "</g>\n"
    }
    // Legend: two columns of series, then the marks, then the keyed labels.
    out += "<g class=\"legend\">\n"
    let column = (plotRight - 8) / 2
    for (index, s) in series.enumerated() {
      let x = 8 + Double(index % 2) * column
      let y = legendTop + Double(index / 2) * Self.lineHeight
      let cls = (s.hollow ? "recorded " : "") + SVG.slotClass(s.style)
      out +=
        "<g class=\"series \(cls)\">\(swatch(s.marker, x: x + 5, y: y - 5))<text x=\"\(n(x + 15))\" y=\"\(n(y))\">\(SVG.escape(Self.shorten(s.name, 26)))</text></g>\n"
    }
    var y = legendTop + Double((series.count + 1) / 2) * Self.lineHeight
    if hasMarks {
      out +=
        "<g class=\"series marks\"><circle class=\"thin\" cx=\"13\" cy=\"\(n(y - 5))\" r=\"5\"/><text x=\"23\" y=\"\(n(y))\">&lt; 3 seeds</text><circle class=\"flag\" cx=\"\(n(8 + column + 5))\" cy=\"\(n(y - 5))\" r=\"7\"/><text x=\"\(n(8 + column + 17))\" y=\"\(n(y))\">flagged (see table)</text></g>\n"
      y += Self.lineHeight
    }
    for line in keyLines {
      out += "<text x=\"8\" y=\"\(n(y))\">\(SVG.escape(line))</text>\n"
      y += Self.lineHeight
    }
    out += "</g>\n</svg>\n"
    return out
  }

  /// A legend entry's marker.
  func swatch(_ marker: Marker, x: Double, y: Double) -> String {
    marker == .circle
      ? "<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"5\"/>"
      : marker.element(x: x, y: y, radius: 5, attributes: "", content: "")
  }

  /// Whether any point is drawn thin or flagged, so that the legend explains the marks.
  var hasMarks: Bool { series.contains { $0.points.contains { $0.thin || $0.flagged } } }

  struct Key: Hashable {
    var series: Int
    var point: Int
  }

  /// Horizontal offsets that spread points of different series sharing an x value (within
  /// `dodgeStep` units) side by side, in series order, so that none hides another.
  func dodgeOffsets(_ px: (Double) -> Double) -> [Key: Double] {
    var buckets: [Int: [Key]] = [:]
    for (s, series) in series.enumerated() {
      for (i, point) in series.points.enumerated() {
        let x = point.x > 0 && point.x.isFinite ? px(point.x) : 0
        buckets[Int((x / Self.dodgeStep).rounded()), default: []].append(Key(series: s, point: i))
      }
    }
    var offsets: [Key: Double] = [:]
    for keys in buckets.values {
      let seriesInBucket = Array(Set(keys.map(\.series))).sorted()
      for key in keys {
        let rank = Double(seriesInBucket.firstIndex(of: key.series)!)
        offsets[key] = (rank - Double(seriesInBucket.count - 1) / 2) * Self.dodgeStep
      }
    }
    return offsets
  }

  /// `text` in lines of at most `lineCharacters`, broken at spaces.
  static func wrap(_ text: String) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > lineCharacters {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
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
    svg{font:16px system-ui,sans-serif}.bg{fill:#fff}.grid line{stroke:#e3e3e3}\
    text{fill:#222}.axis .zero{stroke:#888}.label{font-weight:600}.subtitle{fill:#555}\
    .pareto{fill:none;stroke:#555;stroke-dasharray:4 3}.curve{fill:none;stroke-width:1.5}\
    .error{stroke-width:1.5}.clipped{fill:#555}.flag{fill:none;stroke:#b91c1c;stroke-dasharray:3 2}\
    .series circle.thin{fill:#fff;stroke:var(--c);stroke-width:2}\
    .recorded circle{fill:none;stroke:var(--c);stroke-width:1.6}.recorded.s8{--c:#777}.s0{--c:#0072b2}.s1{--c:#e69f00}.s2{--c:#009e73}.s3{--c:#56b4e9}.s4{--c:#d55e00}.s5{--c:#6a3d9a}.s6{--c:#8c6d31}.s7{--c:#cc79a7}.s8{--c:#999933}\
    .series:not(.recorded) circle:not(.thin):not(.flag){fill:var(--c)}\
    .series .curve,.series .error{stroke:var(--c)}.marks circle.thin{--c:#555}\
    .series path.pt{fill:var(--c)}.series path.pt.thin{fill:#fff;stroke:var(--c);stroke-width:2}
    """
}
