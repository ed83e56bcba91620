import Foundation
import Results

/// A page per stored result: configuration, environment, channels kept per layer beside
/// the other methods at the same operating point, training and fine-tuning curves.
struct RunPage {
  var model: ReportModel
  /// Indices of finished results by (original, policy, seed, fine-tuning): the peers a
  /// run's channel chart compares with, found once instead of once per run.
  var peers: [String: [Int]]
  /// Each finished result's peer key, by index (nil for the others), made once: a build
  /// asks for it for every one of ten thousand run pages' keys.
  var peerKeys: [String?]

  init(model: ReportModel) {
    self.model = model
    var peers: [String: [Int]] = [:]
    var peerKeys = [String?](repeating: nil, count: model.results.count)
    for (index, r) in model.results.enumerated() where r.status == .done && r.metrics != nil {
      let key = Self.peerKey(r)
      peers[key, default: []].append(index)
      peerKeys[index] = key
    }
    self.peers = peers
    self.peerKeys = peerKeys
  }

  static func peerKey(_ r: RunResult) -> String {
    let t = r.cell.fineTuning
    return
      "\(r.original?.identity ?? "")|\(r.cell.policy)|\(r.cell.seed)|\(t.mode)|\(t.recipe.epochs)|\(t.imagesPerClass ?? 0)|\(t.recipe.learningRate)"
  }

  func facts(_ r: RunResult) -> [NamedValue] {
    var facts: [(String, String)] = [("id", r.id), ("grid", r.grid), ("finished", r.finished)]
    if let m = r.metrics {
      facts += [
        (
          "top-1 original → pruned",
          "\(SVG.value(100 * m.originalTop1))% → \(SVG.value(100 * m.prunedTop1))% (before fine-tuning \(SVG.value(100 * m.prunedTop1BeforeFineTuning))%\(m.prunedTop1ZeroShot.map { ", with BatchNorm re-estimated \(SVG.value(100 * $0))%" } ?? ""))"
        ),
        (
          "top-5 original → pruned",
          "\(SVG.value(100 * m.originalTop5))% → \(SVG.value(100 * m.prunedTop5))%"
        ),
        ("accuracy drop", "\(SVG.value(m.accuracyDrop)) points"),
        (
          "RPR (all / conv only)",
          "\(SVG.value(m.rpr, digits: 4)) / \(SVG.value(m.convolutionRPR, digits: 4))"
        ),
        ("parameters", "\(m.originalParameters) → \(m.prunedParameters)"),
        (
          "MACs per image",
          "\(m.originalMACs) → \(m.prunedMACs) (ratio \(SVG.value(m.macsRatio, digits: 4)))"
        ),
        (
          "latency ratio, batch 1 / 64",
          "\(SVG.value(m.latencyRatioBatch1, digits: 3)) / \(SVG.value(m.latencyRatioBatch64, digits: 3))"
        ),
        (
          "scoring / fine-tuning / cell seconds",
          "\(SVG.value(m.scoringSeconds, digits: 1)) / \(SVG.value(m.fineTuningSeconds, digits: 1)) / \(SVG.value(r.seconds, digits: 1))"
        ),
        (
          "plan options",
          m.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
            separator: ", ")
        ),
      ]
    }
    return facts.map { NamedValue(name: $0.0, value: $0.1) }
  }

  func configuration(_ r: RunResult) -> [NamedValue] {
    let c = r.cell
    let t = c.fineTuning
    var items: [(String, String)] = [
      ("architecture", "\(c.architecture), width \(SVG.number(c.width))"),
      ("data", c.dataset.label), ("scale", r.scaleLabel),
      ("method", "\(c.method) (\(MethodNames.citation(c.method) ?? ""))"),
      ("policy", c.policy.description),
      ("calibration images", String(c.calibration)),
      ("OCNNA options", "variance share \(c.varianceShare), activations \(c.activation.rawValue)"),
      (
        "fine-tuning",
        "\(r.budgetLabel); lr \(t.recipe.learningRate) \(t.recipe.schedule.rawValue), batch \(t.recipe.batchSize), momentum \(t.recipe.momentum), weight decay \(t.recipe.weightDecay)\(t.mode == .kd ? ", T = \(t.temperature), α = \(t.alpha)" : "")"
      ),
      ("seed", String(c.seed)), ("data fingerprint", r.datasetFingerprint),
    ]
    if let o = r.original {
      items.append(
        ("original", "\(o.source), \(o.parameters) parameters, \(o.macs) MACs, key \(o.key)"))
    }
    if let train = c.original.train {
      items.append(
        (
          "original's recipe",
          "\(train.epochs) epochs, lr \(train.learningRate) \(train.schedule.rawValue), batch \(train.batchSize), seed \(train.seed)"
        ))
    }
    if let checkpoint = c.original.checkpoint {
      items.append(
        (
          "original's checkpoint",
          "\(checkpoint)\(c.original.sha256.map { " (SHA-256 \($0))" } ?? "")"
        ))
    }
    return items.map { NamedValue(name: $0.0, value: $0.1) }
  }

  func environment(_ r: RunResult) -> [NamedValue] {
    let e = r.environment
    var items = [
      ("ocnna", e.ocnnaVersion), ("operating system", e.operatingSystem),
      ("cores / threads", "\(e.cores) / \(e.threads)"),
      ("GEMM kernel", e.gemmKernel ?? "OpenBLAS \(e.blasCore ?? "unknown")"),
      ("convolution", e.convolution ?? "not recorded"),
    ]
    if let core = e.blasCore {
      items.append(
        ("OpenBLAS core", "\(core) (OPENBLAS_CORETYPE \(e.openBLASCoreType ?? "(unset)"))"))
    }
    return items.map { NamedValue(name: $0.0, value: $0.1) }
  }

  /// Kept channels of every method at the same policy value on the same original.
  func channelsChart(_ r: RunResult) -> String? {
    guard let m = r.metrics, !m.channels.isEmpty else { return nil }
    // One bar per method: the first result (by id) of each method at this point.
    var byMethod: [String: Int] = [:]
    for index in peers[Self.peerKey(r)] ?? [] {
      let method = model.results[index].cell.method
      if byMethod[method] == nil { byMethod[method] = index }
    }
    let peers = byMethod.values.map { model.results[$0] }.sorted {
      (MethodNames.displayOrder.firstIndex(of: $0.cell.method) ?? 99, $0.id)
        < (MethodNames.displayOrder.firstIndex(of: $1.cell.method) ?? 99, $1.id)
    }
    let layers = m.channels.map(\.layer)
    let series = peers.map { peer -> (name: String, slot: Int, values: [Double]) in
      let kept = Dictionary(
        peer.metrics!.channels.map { ($0.layer, Double($0.kept)) }, uniquingKeysWith: { a, _ in a })
      return (
        MethodNames.name(peer.cell.method), MethodNames.chartSlot(peer.cell.method),
        layers.map { kept[$0] ?? 0 }
      )
    }
    return BarChart(
      title: "Channels kept per layer, \(r.cell.policy)",
      description: "For each convolution, the channels each method kept at this operating point.",
      groups: layers, series: series, totals: m.channels.map { Double($0.original) }
    ).svg(id: "channels")
  }

  func curvesChart(_ r: RunResult) -> String? {
    let original = r.original?.epochs ?? []
    let tuning = r.metrics?.fineTuningEpochs ?? []
    guard !original.isEmpty || !tuning.isEmpty else { return nil }
    return LineChart(
      title: "Training curves",
      description: "Accuracy in percent per epoch of the original's training and the fine-tuning.",
      series: [
        ("original: train", original.map { 100 * $0.trainAccuracy }),
        ("original: held-out", original.compactMap { $0.heldOutAccuracy.map { 100 * $0 } }),
        ("fine-tuning: train", tuning.map { 100 * $0.trainAccuracy }),
      ]
    ).svg(id: "curves")
  }

  /// One run's page.
  struct Context {
    var frame: PageFrame
    var id: String
    var label: String
    var pairTitle: String
    var pairSlug: String
    var status: String
    var error: String?
    var policy: String
    var facts: [NamedValue]
    var configuration: [NamedValue]
    var environment: [NamedValue]
    var channelsChart: String?
    var curvesChart: String?
    /// The command that runs this cell again, from a checkout with the same `Data/`.
    var command: String
  }

  /// `swift run -c release ocnna run cifar10-cpu --only id=… --force`: the grid's cell with
  /// this id, run again over its stored result.
  static func command(_ r: RunResult) -> String {
    "swift run -c release ocnna run \(r.grid) --only id=\(r.id) --force"
  }

  /// The run pages, rendered on every core (each page depends on its result, its peers
  /// and the templates only). A page whose key `reuse` accepts is not rendered: its path is
  /// returned among `reused`, for the publisher to keep the file it wrote last time.
  func files(
    render: (String, Any) -> String, frame: (_ root: String, _ title: String) -> PageFrame,
    sources: PageSources = PageSources()
  ) throws -> RenderedFiles {
    let results = model.results
    let charts = ChartCache()
    let paths = results.map { "runs/\($0.id).html" }
    let peerDigests = self.peerDigests(sources)
    let keys = results.indices.map { key(of: $0, sources: sources, peerDigests: peerDigests) }
    let pages = try ParallelMap.map(results.indices) { index -> String? in
      if let key = keys[index], sources.reuse(paths[index], key) { return nil }
      let r = try sources.full(results[index].id) ?? results[index]
      return render("run", context(r, frame: frame("../", "run \(r.id)"), charts: charts))
    }
    var output = RenderedFiles()
    for index in results.indices {
      if let page = pages[index] {
        output.files[paths[index]] = page
      } else {
        output.reused.append(paths[index])
      }
      if let key = keys[index] { output.keys[paths[index]] = key }
    }
    return output
  }

  /// The digest of each operating point's results (ids and file identities), by peer
  /// key, computed once per point; nil where a file's identity is unknown.
  func peerDigests(_ sources: PageSources) -> [String: String?] {
    peers.mapValues { indices in sources.digest(of: indices.map { model.results[$0].id }) }
  }

  /// Everything the page of `model.results[index]` is drawn from — its result, the
  /// results of its operating point (the channel chart), the templates and the frame —
  /// as one line of text (digests of the longer parts); nil when a file's identity is
  /// unknown.
  func key(of index: Int, sources: PageSources, peerDigests: [String: String?]) -> String? {
    let r = model.results[index]
    guard let own = sources.identities[r.id] else { return nil }
    var peers = "none"
    if let digest = peerDigests[peerKeys[index] ?? Self.peerKey(r)] {
      guard let digest else { return nil }
      peers = digest
    }
    return [sources.templates, BuildInfo.version, r.id, own, peers].joined(separator: " ")
  }

  /// Charts by everything they are drawn from: the runs of one operating point share
  /// their channel chart and the runs of one original (without fine-tuning) their curves,
  /// so each is drawn once instead of once per run.
  final class ChartCache: @unchecked Sendable {
    private let lock = NSLock()
    private var charts: [AnyHashable: String?] = [:]

    func chart(_ key: AnyHashable, _ draw: () -> String?) -> String? {
      if let known = lock.withLock({ charts[key] }) { return known }
      let drawn = draw()
      lock.withLock { charts[key] = drawn }
      return drawn
    }
  }

  func context(_ r: RunResult, frame: PageFrame, charts: ChartCache = ChartCache()) -> Context {
    let pair = Pair(
      architecture: Families.architecture(r.cell.architecture),
      dataset: Families.dataset(r.cell.dataset.name))
    return Context(
      frame: frame, id: r.id, label: r.cell.label, pairTitle: pair.title, pairSlug: pair.slug,
      status: r.status.rawValue, error: r.error, policy: r.cell.policy.description,
      facts: facts(r), configuration: configuration(r), environment: environment(r),
      channelsChart: charts.chart(
        ["channels", Self.peerKey(r), r.metrics?.channels.map(\.layer) ?? []] as [AnyHashable]
      ) { channelsChart(r) },
      curvesChart: charts.chart(
        ["curves", r.original?.epochs ?? [], r.metrics?.fineTuningEpochs ?? []] as [AnyHashable]
      ) { curvesChart(r) }, command: Self.command(r))
  }
}
