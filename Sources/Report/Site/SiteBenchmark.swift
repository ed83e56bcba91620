import Dispatch
import Foundation
import Results

/// What `ocnna bench site` measures: rendering the site from many results, built by
/// copying real result files under new ids with varied numbers.
public enum SiteBenchmark {
  public struct Measurement: Sendable {
    public var results: Int
    public var files: Int
    /// Seconds of each timed build (read, aggregate, render, write), in order.
    public var seconds: [Double]
    public var median: Double { seconds.sorted()[seconds.count / 2] }
    /// Seconds per build in each step (read results, render, publish, …).
    public var stepSeconds: [String: Double]
  }

  /// Fills `folder/Data` with `count` results derived from `templates`, the recorded
  /// methods of `baselines`, then builds the site `repeats` times.
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
    let architectures = ["vgg16", "resnet56", "densenet40", "mobilenet-v1", "resnet20"]
    let methods = CriterionName.slugs
    for n in 0..<count {
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
      try store.write(r)
    }
    let builder = SiteBuilder(
      data: data, templates: siteTemplates, output: folder.appendingPathComponent("Site"))
    var seconds: [Double] = []
    var files = 0
    for _ in 0..<repeats {
      let start = DispatchTime.now().uptimeNanoseconds
      files = try builder.build()
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return Measurement(
      results: count, files: files, seconds: seconds,
      stepSeconds: builder.stepSeconds.byStep.mapValues { $0 / Double(repeats) })
  }
}
