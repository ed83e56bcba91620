import ArgumentParser
import Foundation
import Pipeline
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
  @Option(help: "The criterion: \(CriterionName.slugs.joined(separator: ", ")).") var method =
    CriterionName.ocnna.slug
  @Option(help: "The policy: \(PruningPolicy.Kind.names) (percentile is OCNNA's).")
  var policy = PruningPolicy.Kind.percentile.rawValue
  @Option(help: "The percentile k for percentile and global.") var k = 50.0
  @Option(help: "The fraction of each group to remove for ratio.") var ratio = 0.5
  @Option(help: "The remaining-parameters ratio to reach for targetRPR.") var targetRpr = 0.5
  @Option(help: "The fewest channels any layer keeps.") var minChannels = 1
  @Option(help: "Calibration images (OCNNA, HRank, Taylor).") var calibration = 256
  @Option(help: "OCNNA's PCA variance share.") var varianceShare = 0.95
  @Option(
    help: "Where activations are read: post (after BN and ReLU), bn (after BN) or raw (the conv).")
  var activation = "post"
  @Option(help: "How OCNNA aggregates F over images: cv (the paper's), meanF or cv-inverted.")
  var aggregate = OCNNAReading.Aggregate.cv.rawValue
  @Option(
    help:
      "What one OCNNA PCA observes: spatial (the rows of one map, per image) or images (one PCA per filter over the images' flattened maps)."
  )
  var pcaInput = OCNNAReading.PCAInput.spatial.rawValue
  @Option(
    help:
      "Which layers may be pruned: literature (inner convs per architecture; the default), coupled (every group, scores normalised per layer) or protocol1 (every group, raw scores, no BatchNorm re-estimation: the 135 cifar10-cpu results)."
  )
  var scope = PruningScope.literature.rawValue
  @Option(
    help:
      "Training images for BatchNorm re-estimation before the zero-shot evaluation (default 1024; 0: none; not with --scope protocol1)."
  )
  var bnImages: Int?
  @Option(help: "Fine-tuning: kd, ce or none.") var finetune = "kd"
  @Option(help: "Fine-tuning epochs.") var epochs = 1
  @Option(help: "Fine-tuning learning rate.") var lr: Float = 0.01
  @Option(help: "Fine-tuning batch size.") var batch = 128
  @Option(help: "Seed for calibration, random scores and fine-tuning.") var seed: UInt64 = 0
  @Option(help: "Also write every criterion score per group and channel to this JSON file.")
  var scores: String?
  @Option(help: "Output folder (default: ocnna-runs/prune-<method>).") var out: String?

  func validate() throws {
    if let bnImages, bnImages < 0 {
      throw ValidationError("--bn-images must not be negative, got \(bnImages)")
    }
    if scope == "protocol1", bnImages != nil {
      throw ValidationError(
        "--scope protocol1 never re-estimates BatchNorm; drop --bn-images or choose literature or coupled"
      )
    }
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
      throw ValidationError("--activation must be one of \(ActivationSite.names)")
    }
    guard let aggregate = OCNNAReading.Aggregate(rawValue: aggregate) else {
      throw ValidationError("--aggregate must be cv, meanF or cv-inverted, got '\(self.aggregate)'")
    }
    guard let pcaInput = OCNNAReading.PCAInput(rawValue: pcaInput) else {
      throw ValidationError("--pca-input must be spatial or images, got '\(self.pcaInput)'")
    }
    let reading = OCNNAReading(aggregate: aggregate, pcaInput: pcaInput)
    let pruningProtocol: PruningProtocol?
    if scope == "protocol1" {
      pruningProtocol = nil
    } else if let parsed = PruningScope(rawValue: scope) {
      pruningProtocol = PruningProtocol(scope: parsed, batchNormImages: bnImages ?? 1024)
    } else {
      throw ValidationError(
        "--scope must be one of \(PruningScope.names) or protocol1, got '\(scope)'")
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
    guard CriterionName.named(method) != nil else {
      throw ValidationError(
        "'\(method)' is not a criterion; use one of \(CriterionName.slugs.joined(separator: ", "))")
    }
    var recipe = FineTuning.defaultRecipe
    recipe.epochs = epochs
    recipe.learningRate = lr
    recipe.batchSize = batch
    recipe.seed = seed
    let dataset = data.datasetSource
    let recorded = source.checkpointSource.recordedModel()
    let cell = RunCell(
      architecture: recorded?.architecture ?? source.model ?? "unrecorded",
      width: recorded?.width ?? 1,
      dataset: GridDataset(
        name: dataset.name, path: dataset.path, limitPerClass: data.limit,
        syntheticCount: data.syntheticCount),
      original: OriginalSource(
        checkpoint: source.checkpoint,
        normalization: source.normalization == "checkpoint" ? nil : source.normalization),
      method: method, policy: kind.policy(at: value, minChannels: minChannels),
      calibration: calibration, varianceShare: varianceShare, activation: site,
      fineTuning: FineTuning(mode: mode, recipe: recipe), seed: seed,
      pruningProtocol: pruningProtocol,
      ocnnaReading: reading == .standard ? nil : reading)
    let folder = URL(fileURLWithPath: out ?? "ocnna-runs/prune-\(method)", isDirectory: true)
    print(
      "pruning \(source.checkpoint) with \(method) (\(cell.policy)); \(Machine.summary)"
    )
    let line = ProgressLine()
    let (result, artifacts) = try SingleRun(cell: cell).run(
      into: folder, cacheRoot: data.cacheRoot, scores: scores.map { URL(fileURLWithPath: $0) },
      log: {
        line.finish(); print($0)
      },
      progress: { p in
        if let t = p.training {
          line.update(
            "  \(p.stage) epoch \(t.epoch)/\(t.epochs) \(ProgressLine.bar(Double(t.batch) / Double(t.batches))) loss \(String(format: "%.3f", t.loss)) \(Int(t.imagesPerSecond)) img/s"
          )
        } else {
          line.update("- \(p.stage)")
        }
      })
    line.finish()
    let resultFile = folder.appendingPathComponent("\(result.id).json").path
    guard result.status == .done, let s = result.metrics else {
      // A failure of the run, not of the options: no usage text, the stored failure named.
      FileHandle.standardError.write(
        Data(
          "ocnna prune: the run failed: \(result.error ?? "unknown error") (recorded in \(resultFile))\n"
            .utf8))
      throw ExitCode(1)
    }
    func pct(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
    print(
      "top-1: original \(pct(s.originalTop1))%, pruned \(pct(s.prunedTop1BeforeFineTuning))% before\(s.prunedTop1ZeroShot.map { ", \(pct($0))% with BatchNorm re-estimated" } ?? "") and \(pct(s.prunedTop1))% after fine-tuning; drop \(String(format: "%.2f", s.accuracyDrop)) points"
    )
    print(
      "RPR \(String(format: "%.4f", s.rpr)) (conv \(String(format: "%.4f", s.convolutionRPR))), MACs ratio \(String(format: "%.4f", s.macsRatio)), latency ratio \(String(format: "%.3f", s.latencyRatioBatch1)) (batch 1) / \(String(format: "%.3f", s.latencyRatioBatch64)) (batch 64)"
    )
    print(
      "scoring \(String(format: "%.1f", s.scoringSeconds)) s, fine-tuning \(String(format: "%.1f", s.fineTuningSeconds)) s"
    )
    print("result \(resultFile)")
    print("pruned network \(artifacts.checkpoint.path), plan \(artifacts.plan.path)")
  }
}
