import ArgumentParser
import Foundation
import Pipeline
import Results

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a zoo model; write its checkpoint and a JSON summary.",
    discussion:
      "Ctrl-C stops between batches and leaves the last complete epoch's checkpoint intact.")

  @Option(help: "The architecture (see `ocnna models`), for example resnet20.") var model: String
  @OptionGroup var data: DatasetOptions
  @OptionGroup var threading: ThreadOptions
  @Option(help: "Width multiplier.") var width = 1.0
  @Option(help: "Epochs.") var epochs = 10
  @Option(help: "Batch size.") var batch = 128
  @Option(help: "Peak learning rate.") var lr: Float = 0.05
  @Option(help: "Schedule: constant, step or cosine.") var schedule = "cosine"
  @Option(help: "Epochs of linear warm-up.") var warmupEpochs = 0
  @Option(help: "Weight decay.") var weightDecay: Float = 5e-4
  @Option(help: "Label smoothing.") var labelSmoothing: Float = 0
  @Option(help: "Network Slimming's L1 penalty on BatchNorm scales (e.g. 1e-4; 0: off).")
  var bnSparsity: Float = 0
  @Flag(help: "Train without random crops and flips.") var noAugment = false
  @Option(
    help:
      "Hold out this fraction of each training class as a validation set, evaluated after every epoch (default: evaluate the test split)."
  )
  var validationFraction = 0.0
  @Option(help: "Seed for initialisation, order and augmentation.") var seed: UInt64 = 0
  @Option(help: "Output folder (default: ocnna-runs/<model>-<dataset>).") var out: String?

  func validate() throws {
    guard epochs > 0, batch > 0, lr > 0 else {
      throw ValidationError("--epochs, --batch and --lr must be positive")
    }
    guard validationFraction >= 0, validationFraction < 1 else {
      throw ValidationError("--validation-fraction must be in [0, 1)")
    }
    guard TrainingRecipe.Schedule(rawValue: schedule) != nil else {
      throw ValidationError("--schedule must be constant, step or cosine")
    }
  }

  func run() throws {
    threading.apply()
    var recipe = TrainingRecipe(
      epochs: epochs, batchSize: batch, learningRate: lr, weightDecay: weightDecay,
      schedule: TrainingRecipe.Schedule(rawValue: schedule)!,
      stepMilestones: [epochs / 2, epochs * 3 / 4], warmupEpochs: warmupEpochs,
      labelSmoothing: labelSmoothing,
      augmentation: noAugment ? .none : .standard, seed: seed)
    recipe.batchNormL1 = bnSparsity
    let folder = URL(
      fileURLWithPath: out ?? "ocnna-runs/\(model)-\(data.datasetSource.name)", isDirectory: true)
    var job = try TrainingJob(
      architecture: model, width: width, data: data.datasetSource, recipe: recipe,
      validationFraction: validationFraction, folder: folder
    ).prepare()
    print(
      "training \(job.modelDescription) on \(job.datasetName): \(job.trainImages) train / \(job.validationImages > 0 ? "\(job.validationImages) validation / " : "")\(job.testImages) test images"
    )
    print(
      "\(job.parameterCount.formatted()) parameters, \(job.macs.formatted()) MACs per image; \(Machine.summary)"
    )
    let interrupt = InterruptFlag()
    interrupt.install()
    let line = ProgressLine()
    let summary = try job.run(
      progress: { p in
        line.update(
          "epoch \(p.epoch)/\(p.epochs) \(ProgressLine.bar(Double(p.batch) / Double(p.batches))) batch \(p.batch)/\(p.batches) loss \(String(format: "%.3f", p.loss)) acc \(String(format: "%.1f", 100 * p.accuracy))% \(Int(p.imagesPerSecond)) img/s ETA \(ProgressLine.duration(p.secondsLeft))"
        )
      },
      epochDone: { r in
        line.update(
          "epoch \(r.epoch)/\(epochs): train loss \(String(format: "%.4f", r.trainLoss)), train acc \(String(format: "%.2f", 100 * r.trainAccuracy))%, \(validationFraction > 0 ? "validation" : "test") acc \(r.heldOutAccuracy.map { String(format: "%.2f", 100 * $0) } ?? "-")%, \(String(format: "%.1f", r.seconds)) s, \(Int(r.imagesPerSecond)) img/s",
          force: true)
        line.finish()
      },
      shouldStop: { interrupt.isRaised })
    if summary.interrupted {
      line.finish()
      print(
        "interrupted after \(summary.epochs.count) complete epoch(s); \(summary.epochs.isEmpty ? "no checkpoint was written" : "checkpoint of epoch \(summary.epochs.count): \(job.checkpoint.path)")"
      )
      throw ExitCode(130)
    }
    if let evaluation = summary.test {
      print(
        "test top-1 \(String(format: "%.2f", 100 * evaluation.top1))% (\(evaluation.top1Correct)/\(evaluation.count)), top-5 \(String(format: "%.2f", 100 * evaluation.top5))%"
      )
    }
    print("checkpoint: \(job.checkpoint.path)\nsummary: \(job.summaryFile.path)")
  }
}
