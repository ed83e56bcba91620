import Datasets
import Dispatch
import Engine
import Models
import Pruning
import Results

/// Times a pruning criterion's scoring against one training epoch of the same network:
/// the comparison the cost claim needs ("well under one epoch").
public enum ScoringBenchmark {
  public struct Measurement: Codable, Sendable {
    public var model: String
    public var method: String
    public var calibrationImages: Int
    public var scoringSeconds: Double
    public var trainImagesPerSecond: Double
    /// Seconds of one epoch over `epochImages` at the measured training speed.
    public var epochSeconds: Double
    public var epochImages: Int
    public var fractionOfEpoch: Double { scoringSeconds / epochSeconds }
  }

  /// Scores `spec` with `method` on `calibrationImages` synthetic images (the criterion's
  /// cost does not depend on the pictures), and times `trainSteps` training steps of
  /// batch 128 to estimate an epoch of `epochImages` images.
  public static func measure(
    architecture: String, width: Double, method: String, calibrationImages: Int = 256,
    epochImages: Int = 50_000,
    trainSteps: Int = 3
  ) throws -> Measurement {
    let spec = ModelSpec(architecture: architecture, width: width)
    let settings = GridMethod.settings(method, activation: .postActivation)  // `ocnna/images`
    var network = try spec.build(seed: 1)
    let data = SyntheticDataset.make(split: "train", count: max(calibrationImages, 128), seed: 1)
    let normalization = Normalization.centred(channels: 3)
    let run = PruningRun(
      criterion: try Criteria.make(
        settings.method, site: settings.activation, reading: settings.reading ?? .standard),
      policy: .percentile(k: 50, minChannels: 1),
      calibrationCount: calibrationImages, fineTuning: FineTuning(mode: .none),
      normalization: normalization)
    let calibration = run.calibration(from: data)
    let graph = DependencyGraph(network)
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try run.criterion.clusterScores(network, graph: graph, calibration: calibration)
    let scoring = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let batch = BatchIterator(dataset: data, batchSize: 128, normalization: normalization).batch(0)
    var optimizer = SGD(for: network)
    network.trainStep(
      input: batch.images, labels: batch.labels, optimizer: &optimizer, learningRate: 0.01)
    var times: [Double] = []
    for _ in 0..<trainSteps {
      let t = DispatchTime.now().uptimeNanoseconds
      network.trainStep(
        input: batch.images, labels: batch.labels, optimizer: &optimizer, learningRate: 0.01)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
    }
    let speed = 128 / EngineBenchmark.median(times)
    return Measurement(
      model: spec.description, method: method, calibrationImages: calibrationImages,
      scoringSeconds: scoring,
      trainImagesPerSecond: speed, epochSeconds: Double(epochImages) / speed,
      epochImages: epochImages)
  }
}
