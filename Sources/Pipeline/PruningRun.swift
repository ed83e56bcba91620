import Datasets
import Dispatch
import Engine
import Foundation
import Pruning
import Results

/// Scores, plans, rebuilds, fine-tunes and evaluates: the whole of one pruning run.
public struct PruningRun {
  public var criterion: any PruningCriterion
  public var policy: PruningPolicy
  public var calibrationCount: Int
  public var fineTuning: FineTuning
  public var normalization: Normalization
  public var seed: UInt64
  /// Scope, BatchNorm re-estimation and tie-breaking; nil: protocol 1.
  public var pruningProtocol: PruningProtocol?
  /// The zoo name, which chooses the literature scope's layers (`ScopePreset`).
  public var architecture: String

  public init(
    criterion: any PruningCriterion, policy: PruningPolicy, calibrationCount: Int = 256,
    fineTuning: FineTuning, normalization: Normalization, seed: UInt64 = 0,
    pruningProtocol: PruningProtocol? = nil, architecture: String = "unrecorded"
  ) {
    self.pruningProtocol = pruningProtocol
    self.architecture = architecture
    self.criterion = criterion
    self.policy = policy
    self.calibrationCount = calibrationCount
    self.fineTuning = fineTuning
    self.normalization = normalization
    self.seed = seed
  }

  /// N training images drawn with a fixed seed, unaugmented, in batches of 64 (docs/method.md §1).
  public func calibration(from train: ImageDataset) -> Calibration {
    let chosen = train.subset(
      Array(
        train.shuffledIndices(seed: SeededGenerator.derive(seed, 0xCA11)).prefix(calibrationCount)))
    let batches = Array(BatchIterator(dataset: chosen, batchSize: 64, normalization: normalization))
    return Calibration(batches: batches.map(\.images), labels: batches.map(\.labels))
  }

  /// `count` training images drawn with the run's seed (apart from the calibration draw),
  /// unaugmented, in batches of 128, for BatchNorm re-estimation.
  public func batchNormBatches(from train: ImageDataset, count: Int) -> [Tensor] {
    let chosen = train.subset(
      Array(train.shuffledIndices(seed: SeededGenerator.derive(seed, 0xB4)).prefix(count)))
    return BatchIterator(dataset: chosen, batchSize: 128, normalization: normalization).map(
      \.images)
  }

  /// Runs everything; `stage` reports progress ("scoring", "fine-tuning", …).
  ///
  /// `originalEvaluation` is the original's evaluation on `test` when the caller has it
  /// (a grid evaluates each original once for all of its cells; eval mode is deterministic).
  public func run(
    _ original: Network, train: ImageDataset, test: ImageDataset,
    originalEvaluation: Evaluation? = nil,
    stage: (String) -> Void = { _ in }, progress: (TrainingProgress) -> Void = { _ in }
  ) throws -> (pruned: Network, plan: PruningPlan, scores: [[Double]], summary: PruningSummary) {
    if originalEvaluation == nil { stage("evaluating the original network") }
    let before =
      originalEvaluation ?? Evaluation.run(original, on: test, normalization: normalization)
    stage(
      "scoring with \(criterion.name) on \(criterion.needsCalibration ? "\(calibrationCount) calibration images" : "the weights")"
    )
    let scoringStart = DispatchTime.now().uptimeNanoseconds
    let graph = DependencyGraph.planning(
      original, scope: pruningProtocol?.scope, architecture: architecture)
    let scores = try criterion.clusterScores(
      original, graph: graph,
      calibration: criterion.needsCalibration
        ? calibration(from: train) : Calibration(batches: [], labels: []),
      normalisingPerNode: pruningProtocol?.scope == .coupled)
    let scoringSeconds = Double(DispatchTime.now().uptimeNanoseconds - scoringStart) / 1e9
    stage("planning (\(policy))")
    var options = criterion.options
    if let pruningProtocol { options["scope"] = pruningProtocol.scope.rawValue }
    let plan = try policy.plan(
      for: original, graph: graph, scores: scores, method: criterion.name,
      options: options, tieBreakSeed: pruningProtocol.map { _ in seed })
    var pruned = try original.applying(plan)
    stage("evaluating the pruned network before fine-tuning")
    let prunedBefore = Evaluation.run(pruned, on: test, normalization: normalization)
    var zeroShot: Evaluation?
    if let images = pruningProtocol?.batchNormImages, images > 0 {
      stage("re-estimating BatchNorm statistics on \(images) training images")
      pruned = try pruned.reestimatingBatchNormStatistics(
        over: batchNormBatches(from: train, count: images))
      stage("evaluating the pruned network zero-shot")
      zeroShot = Evaluation.run(pruned, on: test, normalization: normalization)
    }
    var epochs: [EpochRecord] = []
    let tuneStart = DispatchTime.now().uptimeNanoseconds
    if fineTuning.mode != .none && fineTuning.recipe.epochs > 0 {
      stage(
        "fine-tuning (\(fineTuning.mode.rawValue), \(fineTuning.epochs.map { PruningPolicy.compact($0) } ?? String(fineTuning.recipe.epochs)) epoch(s))"
      )
      let images = fineTuning.images(from: train)
      epochs = try fineTuning.trainer(
        original: original, normalization: normalization, images: images.count
      ).train(&pruned, on: images, evaluatingOn: nil, progress: progress)
    }
    let tuneSeconds = Double(DispatchTime.now().uptimeNanoseconds - tuneStart) / 1e9
    stage("evaluating the pruned network")
    let after =
      fineTuning.mode == .none
      ? (zeroShot ?? prunedBefore) : Evaluation.run(pruned, on: test, normalization: normalization)
    stage("measuring latency")
    let latency1 = [Latency.measure(original, batchSize: 1), Latency.measure(pruned, batchSize: 1)]
    let latency64 = [
      Latency.measure(original, batchSize: 64, repeats: 3),
      Latency.measure(pruned, batchSize: 64, repeats: 3),
    ]
    let kept = plan.keptChannels(original, graph: graph)
    let channels = original.nodes.indices.compactMap { i -> LayerChannels? in
      guard case .conv = original.nodes[i].operation else { return nil }
      return LayerChannels(
        layer: original.nodes[i].name, original: original.nodeShapes[i][0], kept: kept[i].count)
    }
    var summary = PruningSummary(
      options: plan.options, calibrationImages: criterion.needsCalibration ? calibrationCount : 0,
      originalTop1: before.top1, originalTop5: before.top5,
      prunedTop1BeforeFineTuning: prunedBefore.top1,
      prunedTop1: after.top1, prunedTop5: after.top5,
      accuracyDrop: 100 * (before.top1 - after.top1),
      originalParameters: original.parameterCount, prunedParameters: pruned.parameterCount,
      rpr: Double(pruned.parameterCount) / Double(original.parameterCount),
      convolutionRPR: Double(pruned.convolutionParameterCount)
        / Double(original.convolutionParameterCount),
      originalMACs: original.macs, prunedMACs: pruned.macs,
      macsRatio: Double(pruned.macs) / Double(original.macs),
      latencyBatch1: latency1, latencyBatch64: latency64,
      latencyRatioBatch1: latency1[1] / latency1[0],
      latencyRatioBatch64: latency64[1] / latency64[0], channels: channels,
      fineTuningEpochs: epochs,
      scoringSeconds: scoringSeconds, fineTuningSeconds: tuneSeconds)
    summary.prunedTop1ZeroShot = zeroShot?.top1
    summary.outcomes =
      before.imageCorrect.count != test.count
      ? nil
      : ImageOutcomes(
        original: OutcomeBits(before.imageCorrect),
        prunedBeforeFineTuning: OutcomeBits(prunedBefore.imageCorrect),
        prunedZeroShot: zeroShot.map { OutcomeBits($0.imageCorrect) },
        pruned: OutcomeBits(after.imageCorrect),
        groups: plan.decisions.map { decision in
          GroupOutcome(
            producers: decision.producers, scores: scores[decision.group].map(Float.init),
            removed: decision.removed)
        })
    return (pruned, plan, scores, summary)
  }
}
