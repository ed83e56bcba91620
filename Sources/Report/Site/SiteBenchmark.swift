import Dispatch
import Foundation
import Results

/// What `ocnna bench site` measures: rendering the site from many results, built by
/// copying real result files under new ids with varied numbers — from scratch (every file
/// decoded, every page rendered), and incrementally, as after a night's runs: one result
/// added at an existing operating point since the last build, with the incremental caches.
public enum SiteBenchmark {
  /// The timed builds of one kind.
  public struct Builds: Sendable {
    /// Seconds of each timed build (read, aggregate, render, write), in order.
    public var seconds: [Double] = []
    public var median: Double { seconds.isEmpty ? 0 : seconds.sorted()[seconds.count / 2] }
    /// Seconds per build in each step (read results, render, publish, …).
    public var stepSeconds: [String: Double] = [:]
  }

  public struct Measurement: Sendable {
    public var results: Int
    public var files: Int
    /// Builds without caches.
    public var full: Builds
    /// The build that fills empty caches (decodes and renders everything, then stores).
    public var priming: Double
    /// Builds after one more result, with the caches.
    public var incremental: Builds
    /// Run pages the last incremental build rendered (the others were kept).
    public var renderedRunPages: Int
  }

  /// Fills `folder/Data` with `count` results derived from `templates`, the recorded
  /// methods of `baselines`, then times `repeats` builds from scratch, one build that
  /// fills the caches, and `repeats` incremental builds each after one new result.
  public static func run(
    count: Int, templates: [RunResult], baselines: URL, siteTemplates: URL, folder: URL,
    repeats: Int = 3
  ) throws -> Measurement {
    precondition(!templates.isEmpty, "SiteBenchmark needs at least one result to copy")
    let data = folder.appendingPathComponent("Data")
    let manager = FileManager.default
    try manager.createDirectory(
      at: data.appendingPathComponent("baselines"), withIntermediateDirectories: true)
    for name in try manager.contentsOfDirectory(atPath: baselines.path)
    where name.hasSuffix(".json") {
      try manager.copyItem(
        at: baselines.appendingPathComponent(name),
        to: data.appendingPathComponent("baselines/\(name)"))
    }
    let store = ResultStore(folder: data.appendingPathComponent("results/bench"))
    for n in 0..<count { try store.write(copy(n, of: templates)) }
    let output = folder.appendingPathComponent("Site")
    let full = SiteBuilder(data: data, templates: siteTemplates, output: output)
    var cached = full
    cached.cache = folder.appendingPathComponent("cache")
    func timed(_ builder: SiteBuilder) throws -> (seconds: Double, files: Int) {
      let start = DispatchTime.now().uptimeNanoseconds
      let files = try builder.build()
      return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, files)
    }
    var fullBuilds = Builds()
    var files = 0
    for _ in 0..<repeats {
      let build = try timed(full)
      fullBuilds.seconds.append(build.seconds)
      files = build.files
    }
    fullBuilds.stepSeconds = full.stepSeconds.byStep.mapValues { $0 / Double(repeats) }
    let priming = try timed(cached).seconds
    let primingSteps = cached.stepSeconds.byStep
    var incremental = Builds()
    var rendered = 0
    for round in 0..<repeats {
      // A new seed's run of an existing point: its peers' channel charts change too.
      var added = copy(round, of: templates)
      added.id = String(format: "%016llx", UInt64(count + round + 1) &* 0x9E37_79B9_7F4A_7C15)
      try store.write(added)
      let before = Set(
        try manager.contentsOfDirectory(atPath: output.path + "/runs").map {
          FileIdentity.of(output.path + "/runs/" + $0)
        })
      incremental.seconds.append(try timed(cached).seconds)
      rendered = try manager.contentsOfDirectory(atPath: output.path + "/runs").filter {
        !before.contains(FileIdentity.of(output.path + "/runs/" + $0))
      }.count
    }
    // The cached builder's steps summed the priming build too: take it away, then average.
    incremental.stepSeconds = cached.stepSeconds.byStep.mapValues { $0 / Double(repeats) }
    for (step, seconds) in primingSteps {
      incremental.stepSeconds[step, default: 0] -= seconds / Double(repeats)
    }
    return Measurement(
      results: count, files: files, full: fullBuilds, priming: priming,
      incremental: incremental, renderedRunPages: rendered)
  }

  /// Result `n` of the benchmark: template `n mod count` under a new id, spread over
  /// architectures, methods and seeds, with varied numbers.
  static func copy(_ n: Int, of templates: [RunResult]) -> RunResult {
    let architectures = ["vgg16", "resnet56", "densenet40", "mobilenet-v1", "resnet20"]
    let methods = CriterionName.slugs
    var r = templates[n % templates.count]
    r.id = String(format: "%016llx", UInt64(n + 1) &* 0x9E37_79B9_7F4A_7C15)
    r.grid = "bench"
    r.cell.architecture = architectures[n % architectures.count]
    r.cell.method = methods[(n / architectures.count) % methods.count]
    r.cell.seed = UInt64(n / (architectures.count * methods.count))
    if r.metrics != nil {
      r.metrics!.rpr = 0.05 + Double(n % 95) / 100
      r.metrics!.accuracyDrop = Double(n % 113) / 10
    }
    return r
  }
}
