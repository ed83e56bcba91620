import ArgumentParser
import Datasets
import Engine
import Foundation
import Models
import Pipeline
import Pruning
import Results

struct PruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract:
      "Prune a trained network with OCNNA or a baseline criterion, fine-tune it, and report the trade-off.",
    discussion:
      "Writes pruned.safetensors, plan.json and result.json (a result in the format of `ocnna run`, grid \"prune\") into --out."
  )

  @OptionGroup var source: CheckpointOptions
  @OptionGroup var data: DatasetOptions
  @OptionGroup var threading: ThreadOptions
  @Option(help: "The criterion: \(Criteria.names.joined(separator: ", ")).") var method =
    CriterionName.ocnna.slug
  @Option(help: "The policy: \(PruningPolicy.Kind.names) (percentile is OCNNA's).")
  var policy = PruningPolicy.Kind.percentile.rawValue
  @Option(help: "The percentile k for percentile and global.") var k = 50.0
  @Option(help: "The fraction of each group to remove for ratio.") var ratio = 0.5
  @Option(help: "The remaining-parameters ratio to reach for targetRPR.") var targetRpr = 0.5
  @Option(help: "The fewest channels any layer keeps.") var minChannels = 1
  @Option(help: "Calibration images (OCNNA, HRank, Taylor).") var calibration = 256
  @Option(help: "OCNNA's PCA variance share.") var varianceShare = 0.95
  @Option(help: "Where activations are read: post (after BN and ReLU) or raw.") var activation =
    "post"
  @Option(help: "Fine-tuning: kd, ce or none.") var finetune = "kd"
  @Option(help: "Fine-tuning epochs.") var epochs = 1
  @Option(help: "Fine-tuning learning rate.") var lr: Float = 0.01
  @Option(help: "Fine-tuning batch size.") var batch = 128
  @Option(help: "Seed for calibration, random scores and fine-tuning.") var seed: UInt64 = 0
  @Option(help: "Also write every criterion score per group and channel to this JSON file.")
  var scores: String?
  @Option(help: "Output folder (default: ocnna-runs/prune-<method>).") var out: String?

  func validate() throws {
    guard calibration > 0 else {
      throw ValidationError("--calibration must be at least 1 image, got \(calibration)")
    }
    guard epochs >= 0, batch > 0, lr > 0 else {
      throw ValidationError("--epochs must not be negative; --batch and --lr must be positive")
    }
  }

  func run() throws {
    threading.apply()
    guard let site = ActivationSite(rawValue: activation) else {
      throw ValidationError("--activation must be post or raw")
    }
    guard let mode = FineTuning.Mode(rawValue: finetune) else {
      throw ValidationError("--finetune must be kd, ce or none")
    }
    guard let kind = PruningPolicy.Kind(rawValue: policy) else {
      throw ValidationError("--policy must be one of \(PruningPolicy.Kind.names), got '\(policy)'")
    }
    let value =
      switch kind {
      case .percentile, .global: k
      case .ratio: ratio
      case .targetRPR: targetRpr
      }
    if let problem = kind.problem(with: value) { throw ValidationError(problem) }
    let chosenPolicy = kind.policy(at: value, minChannels: minChannels)
    let train = try data.load(split: "train", seed: seed)
    let test = try data.load(split: "test", seed: seed)
    let (original, normalization) = try source.load(for: test, reference: data.reference)
    let criterion = try Criteria.make(method, varianceShare: varianceShare, site: site, seed: seed)
    var recipe = FineTuning.defaultRecipe
    recipe.epochs = epochs
    recipe.learningRate = lr
    recipe.batchSize = min(batch, train.count)
    recipe.seed = seed
    let run = PruningRun(
      criterion: criterion, policy: chosenPolicy, calibrationCount: min(calibration, train.count),
      fineTuning: FineTuning(mode: mode, recipe: recipe), normalization: normalization, seed: seed)
    let line = ProgressLine()
    print(
      "pruning \(source.checkpoint) with \(method) (\(chosenPolicy)) on \(test.name): \(train.count) train / \(test.count) test images; \(Threading.threadCount) threads, GEMM \(GEMM.kernel.displayName)"
    )
    let result = try run.run(
      original, train: train, test: test,
      stage: {
        line.finish(); print("- \($0)")
      },
      progress: { p in
        line.update(
          "  epoch \(p.epoch)/\(p.epochs) \(ProgressLine.bar(Double(p.batch) / Double(p.batches))) batch \(p.batch)/\(p.batches) loss \(String(format: "%.3f", p.loss)) \(Int(p.imagesPerSecond)) img/s ETA \(ProgressLine.duration(p.secondsLeft))"
        )
      })
    line.finish()
    let folder = URL(fileURLWithPath: out ?? "ocnna-runs/prune-\(method)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Checkpoint.save(
      result.pruned, to: folder.appendingPathComponent("pruned.safetensors"),
      metadata: [
        CheckpointMetadata.normalization: String(
          decoding: try JSONEncoder().encode(normalization), as: UTF8.self)
      ])
    try JSONFile.write(result.plan, to: folder.appendingPathComponent("plan.json"))
    let cell = RunCell(
      architecture: architecture(), width: 1,
      dataset: GridDataset(
        name: data.reference.name, path: data.reference.path, limitPerClass: data.limit,
        syntheticCount: data.syntheticCount),
      original: OriginalSource(checkpoint: source.checkpoint),
      method: method, policy: chosenPolicy, calibration: run.calibrationCount,
      varianceShare: varianceShare, activation: site, fineTuning: run.fineTuning, seed: seed)
    let fingerprint = GridData.fingerprint(train: train, test: test)
    try JSONFile.write(
      RunResult(
        id: RunKey.id(
          cell, datasetFingerprint: fingerprint,
          checkpointSHA256: try? Checksum.sha256(of: URL(fileURLWithPath: source.checkpoint))),
        grid: "prune", cell: cell, status: .done,
        datasetFingerprint: fingerprint, original: nil,
        metrics: result.summary,
        seconds: result.summary.scoringSeconds + result.summary.fineTuningSeconds,
        environment: .current),
      to: folder.appendingPathComponent("result.json"))
    if let scores {
      try JSONFile.write(
        ScoreReport(original, plan: result.plan, scores: result.scores),
        to: URL(fileURLWithPath: scores))
    }
    let s = result.summary
    func pct(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
    print(
      "top-1: original \(pct(s.originalTop1))%, pruned \(pct(s.prunedTop1BeforeFineTuning))% before and \(pct(s.prunedTop1))% after fine-tuning; drop \(String(format: "%.2f", s.accuracyDrop)) points"
    )
    print(
      "RPR \(String(format: "%.4f", s.rpr)) (conv \(String(format: "%.4f", s.convolutionRPR))), MACs ratio \(String(format: "%.4f", s.macsRatio)), latency ratio \(String(format: "%.3f", s.latencyRatioBatch1)) (batch 1) / \(String(format: "%.3f", s.latencyRatioBatch64)) (batch 64)"
    )
    print(
      "scoring \(String(format: "%.1f", s.scoringSeconds)) s, fine-tuning \(String(format: "%.1f", s.fineTuningSeconds)) s; results in \(folder.path)"
    )
  }
}

extension PruneCommand {
  /// The architecture the checkpoint records, else `--model`, else "unrecorded".
  func architecture() -> String {
    let metadata = (try? SafeTensorsFile(contentsOf: URL(fileURLWithPath: source.checkpoint)))?
      .metadata
    let recorded = metadata?[CheckpointMetadata.model].flatMap {
      try? JSONDecoder().decode(ModelSpec.self, from: Data($0.utf8))
    }
    return recorded?.architecture ?? source.model ?? "unrecorded"
  }
}

/// Every score per group and channel, as `--scores` writes them.
struct ScoreReport: Encodable {
  struct Group: Encodable {
    var group: Int
    var producers: [String]
    var prunable: Bool
    var scores: [Double]
    var removed: [Int]
  }
  var method: String
  var options: [String: String]
  var groups: [Group]

  init(_ network: Network, plan: PruningPlan, scores: [[Double]]) {
    let graph = DependencyGraph(network)
    method = plan.method
    options = plan.options
    groups = graph.groups.filter { !$0.producerNodes.isEmpty }.map { group in
      Group(
        group: group.id, producers: group.producerNodes.map { network.nodes[$0].name },
        prunable: group.prunable,
        scores: scores[group.id],
        removed: plan.decisions.first { $0.group == group.id }?.removed ?? [])
    }
  }
}
