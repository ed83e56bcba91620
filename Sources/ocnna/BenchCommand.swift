import ArgumentParser
import Foundation
import Pipeline
import Report
import Results

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the speed of the engine, of pruning scores and of site rendering.",
    subcommands: [
      BenchEngineCommand.self, BenchGEMMCommand.self, BenchScoresCommand.self,
      BenchSiteCommand.self,
    ])
}

struct BenchEngineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "engine",
    abstract:
      "Training and inference images/s for CIFAR VGG-16-BN, VGG-16-BN at width 1/8, ResNet-56 and ResNet-20."
  )

  @OptionGroup var threading: ThreadOptions
  @Option(help: "Batch size.") var batch = 128
  @Option(help: "Timed steps per figure (the median is reported).") var steps = 5
  @Option(help: "Untimed warm-up steps.") var warmup = 1
  @Option(help: "Only the networks whose names contain this text.") var only: String?
  @Option(
    help: "Only the network with exactly this name (vgg16-bn, vgg16-bn/8, resnet56, resnet20).")
  var network: String?
  @Option(
    help:
      "Measure this zoo architecture (CIFAR-10 sized, for example densenet40) instead of the three standard networks."
  )
  var model: String?
  @Option(help: "Width multiplier for --model.") var width = 1.0
  @Option(help: "Also write the measurements as JSON to this file.") var json: String?
  @Flag(help: "Also print the time per step by operation (forward and backward).")
  var profile = false
  @Flag(
    help:
      "Also time distillation fine-tuning steps (the teacher's inference + the student's training step; the network is its own teacher) and the seconds of a 50,000-image epoch at that rate."
  )
  var distill = false

  func validate() throws {
    guard batch > 0, steps > 0, warmup >= 0 else {
      throw ValidationError("--batch and --steps must be positive and --warmup not negative")
    }
    if model != nil && (network != nil || only != nil) {
      throw ValidationError(
        "--model measures one zoo network on its own; drop --network/--only, or drop --model")
    }
    guard width > 0 else { throw ValidationError("--width must be positive (got \(width))") }
    let names = EngineBenchmark.caseNames
    if let network, !names.contains(network) {
      throw ValidationError(
        "--network \(network) is not one of the benchmark networks: \(names.joined(separator: ", "))"
      )
    }
  }

  func run() throws {
    threading.apply()
    var cases: [EngineBenchmark.Case] = []
    if let model {
      cases = [try EngineBenchmark.zooCase(architecture: model, width: width)]
    } else {
      cases = EngineBenchmark.caseNames.filter {
        name in only.map({ name.contains($0) }) ?? true && network.map({ name == $0 }) ?? true
      }.compactMap(EngineBenchmark.standardCase(named:))
    }
    var measurements: [EngineBenchmark.Measurement] = []
    print("ocnna bench engine — batch \(batch), median of \(steps) steps after \(warmup) warm-up")
    print("threads: \(Machine.threadCount), GEMM: \(Machine.gemmKernel)")
    print(
      "network      params       MACs/img   train img/s  train GFLOPS  infer img/s  infer GFLOPS"
        + (distill ? "   KD img/s  KD epoch s" : ""))
    for benchmark in cases {
      let m = EngineBenchmark.measure(
        benchmark, batchSize: batch, steps: steps, warmup: warmup, profile: profile,
        distill: distill)
      measurements.append(m)
      var columns = [
        m.name.padding(toLength: 11, withPad: " ", startingAt: 0),
        pad(String(m.parameterCount), 10), pad(String(m.macs), 12),
        pad(String(format: "%.1f", m.trainImagesPerSecond), 13),
        pad(String(format: "%.1f", m.trainGFLOPS), 13),
        pad(String(format: "%.1f", m.inferenceImagesPerSecond), 12),
        pad(String(format: "%.1f", m.inferenceGFLOPS), 13),
      ]
      if let rate = m.distillationImagesPerSecond {
        columns += [
          pad(String(format: "%.1f", rate), 10), pad(String(format: "%.0f", 50_000 / rate), 13),
        ]
      }
      print(columns.joined(separator: " "))
    }
    for m in measurements {
      guard let profile = m.profile else { continue }
      let trainStep = EngineBenchmark.median(m.trainSeconds)
      let inferenceStep = EngineBenchmark.median(m.inferenceSeconds)
      print(
        "\n\(m.name): seconds per step by operation (train step \(String(format: "%.4f", trainStep)) s + inference \(String(format: "%.4f", inferenceStep)) s)"
      )
      for (label, seconds) in profile.sorted(by: { $0.value > $1.value }) {
        print(
          "  \(label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%.4f", seconds)) s  \(String(format: "%5.1f", 100 * seconds / (trainStep + inferenceStep))) %"
        )
      }
    }
    if let json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(measurements).write(to: URL(fileURLWithPath: json), options: .atomic)
    }
  }

  private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }
}

struct BenchGEMMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gemm",
    abstract:
      "Single-core GFLOPS of each of ocnna's GEMM kernels on the engine's convolution shapes.",
    discussion: """
      Every kernel this CPU runs is measured (AVX-512, AVX2, the portable C kernel), with \
      the largest relative difference of its result from the fastest one's. Built with the \
      OpenBLAS trait (swift build --traits OpenBLAS, with libopenblas-dev installed), \
      OpenBLAS is measured too, on the core it picked when it loaded (OPENBLAS_CORETYPE, \
      if set, decides).
      """)

  @Option(help: "Timed calls per kernel and shape (the fastest counts).") var repeats = 5

  func validate() throws {
    guard repeats > 0 else { throw ValidationError("--repeats must be positive (got \(repeats))") }
  }

  func run() throws {
    let contenders = GEMMComparison.kernels
    print("ocnna bench gemm — one core, best of \(repeats); in use: \(Machine.gemmKernel)")
    for (index, contender) in contenders.enumerated() {
      print("  [\(index + 1)] \(contender)")
    }
    let columns = contenders.indices.map { "[\($0 + 1)] GFLOPS".leftPadded(to: 12) }
    let ratios = contenders.indices.dropFirst().map { "[1]/[\($0 + 1)]".leftPadded(to: 8) }
    let differences = contenders.indices.dropFirst().map {
      "[\($0 + 1)] rel.diff".leftPadded(to: 12)
    }
    print(
      ([
        "shape (M×N×K)".padding(toLength: 21, withPad: " ", startingAt: 0),
        "origin".padding(toLength: 27, withPad: " ", startingAt: 0),
      ] + columns + ratios + differences)
      .joined(separator: " "))
    GEMMComparison.run(repeats: repeats) { r in
      print(
        ([
          r.shape.padding(toLength: 21, withPad: " ", startingAt: 0),
          r.origin.padding(toLength: 27, withPad: " ", startingAt: 0),
        ]
          + r.gflops.map { String(format: "%12.1f", $0) }
          + r.gflops.dropFirst().map { String(format: "%8.2f", r.gflops[0] / $0) }
          + r.relativeDifference.dropFirst().map { String(format: "%12.1e", $0) })
          .joined(separator: " "))
    }
  }
}

extension String {
  /// The string right-aligned in a field of `width` characters.
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}

struct BenchScoresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scores",
    abstract: "Time a criterion's scoring beside one training epoch of the same network.")

  @OptionGroup var threading: ThreadOptions
  @Option(help: "The architecture.") var model = "vgg16"
  @Option(help: "Width multiplier.") var width = 1.0
  @Option(help: "The criterion.") var method = CriterionName.ocnna.slug
  @Option(help: "Calibration images.") var calibration = 256
  @Option(help: "Images in the epoch compared against (CIFAR-10: 50,000).") var epochImages = 50_000

  func run() throws {
    threading.apply()
    let m = try ScoringBenchmark.measure(
      architecture: model, width: width, method: method, calibrationImages: calibration,
      epochImages: epochImages)
    print(
      "\(m.model), \(method) on \(calibration) calibration images: \(String(format: "%.1f", m.scoringSeconds)) s"
    )
    print(
      "training: \(String(format: "%.1f", m.trainImagesPerSecond)) img/s, one epoch of \(epochImages) images ≈ \(String(format: "%.0f", m.epochSeconds)) s"
    )
    print(
      "scoring = \(String(format: "%.2f", 100 * m.fractionOfEpoch)) % of one epoch (\(Machine.summary))"
    )
  }
}

struct BenchSiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "site",
    abstract:
      "Time rendering the site from many results (copies of the results in Data/results under new ids)."
  )

  @Option(help: "How many results to render.") var results = 10_000
  @Option(help: "Timed builds (the median is reported).") var repeats = 3
  @Option(help: "The data folder to take results and recorded methods from.") var data = "Data"
  @Option(help: "The templates folder.") var templates = "Templates"

  func validate() throws {
    guard results > 0, repeats > 0 else {
      throw ValidationError(
        "--results and --repeats must be positive (got \(results) and \(repeats))")
    }
  }

  func run() throws {
    let folder = URL(fileURLWithPath: data, isDirectory: true)
    let found = try SiteBuilder.readResults(folder.appendingPathComponent("results"))
    guard !found.isEmpty else {
      throw TaskError("no results in \(data)/results to copy; run `ocnna run quick` first")
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ocnna-bench-site-\(ProcessInfo.processInfo.processIdentifier)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    print(
      "ocnna bench site — \(results) results (copies of \(found.count)), median of \(repeats) builds of each kind"
    )
    let m = try SiteBenchmark.run(
      count: results, templates: found, baselines: folder.appendingPathComponent("baselines"),
      siteTemplates: URL(fileURLWithPath: templates, isDirectory: true), folder: scratch,
      repeats: repeats)
    func line(_ name: String, _ builds: SiteBenchmark.Builds) {
      print(
        "\(name): \(builds.seconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s; median \(String(format: "%.2f", builds.median)) s"
      )
      for (step, seconds) in builds.stepSeconds.sorted(by: { $0.value > $1.value }) {
        print(
          "  \(step.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", seconds)) s per build"
        )
      }
    }
    print("\(m.files) files")
    line("from scratch (no caches)", m.full)
    print("first build with empty caches: \(String(format: "%.2f", m.priming)) s")
    line("incremental (one new result each)", m.incremental)
    print("  run pages rendered in the last incremental build: \(m.renderedRunPages)")
  }
}
