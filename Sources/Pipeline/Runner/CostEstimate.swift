import Datasets
import Engine
import Foundation
import Models
import Results

/// What `ocnna run --dry-run` estimates: seconds per cell and per original, from the
/// engine's measured throughput on each architecture (a few steps at batch 128, the
/// recipes' batch: at batch 32 the engine's small-plane paths, which need 32 images a
/// thread, did not run, and a zero-shot ResNet-20 cell was estimated at 32 s for about 10 s).
///
/// Fine-tuning is costed at the original's speed for its budget in epochs (fractional
/// for protocol 2's presets), so the estimate is an upper bound for that stage; BatchNorm
/// re-estimation counts as forward passes over its images; evaluation counts one pass over
/// the test split for each accuracy the cell reads (as pruned; after BatchNorm
/// re-estimation; after fine-tuning), at the original's speed.
public struct CostEstimate {
  public struct Throughput: Sendable {
    public var train: Double
    public var inference: Double
  }

  var throughput: [String: Throughput] = [:]

  public init() {}

  /// Images per second for `cell`'s architecture on `data`, measured once per shape.
  mutating func speed(_ cell: RunCell, data: GridData) throws -> Throughput {
    let spec = ModelSpec(
      architecture: cell.architecture, classCount: data.train.classCount,
      inputSize: data.train.imageShape[1], inputChannels: data.train.imageShape[0],
      width: cell.width)
    let key = "\(spec)"
    if let known = throughput[key] { return known }
    let measured = EngineBenchmark.measure(
      EngineBenchmark.Case(name: key, network: try spec.build()), batchSize: 128, steps: 2,
      warmup: 1)
    let speed = Throughput(
      train: measured.trainImagesPerSecond, inference: measured.inferenceImagesPerSecond)
    throughput[key] = speed
    return speed
  }

  /// Seconds to make the original of `cell`.
  public mutating func originalSeconds(_ cell: RunCell, data: GridData) throws -> Double {
    let speed = try self.speed(cell, data: data)
    let recipe = cell.original.train ?? cell.original.fineTune
    guard let recipe else { return 0 }
    return Double(recipe.epochs)
      * (Double(data.train.count) / speed.train + Double(data.test.count) / speed.inference)
  }

  /// Seconds to score, fine-tune and evaluate `cell` once its original exists.
  public mutating func cellSeconds(_ cell: RunCell, data: GridData) throws -> Double {
    let speed = try self.speed(cell, data: data)
    let calibration = Double(min(cell.calibration, data.train.count))
    let scoring: Double =
      switch CriterionName.named(cell.method)?.calibration ?? .weightsOnly {
      case .forward: 2 * calibration / speed.inference
      case .forwardAndBackward: calibration / speed.train
      case .weightsOnly: 0
      }
    let tuning =
      cell.fineTuning.mode == .none
      ? 0
      : (cell.fineTuning.epochs ?? Double(cell.fineTuning.recipe.epochs))
        * Double(
          cell.fineTuning.imagesPerClass.map { $0 * data.train.classCount } ?? data.train.count)
        * (1 / speed.train + (cell.fineTuning.mode == .kd ? 1 / speed.inference : 0))
    // Re-estimating BatchNorm is forward passes in training mode, about inference's cost.
    let batchNorm =
      Double(min(cell.pruningProtocol?.batchNormImages ?? 0, data.train.count)) / speed.inference
    let passes =
      1 + ((cell.pruningProtocol?.batchNormImages ?? 0) > 0 ? 1 : 0)
      + (cell.fineTuning.mode == .none ? 0 : 1)
    let evaluation = Double(passes * data.test.count) / speed.inference
    let latency = 400 / speed.inference
    return scoring + batchNorm + tuning + evaluation + latency
  }
}
