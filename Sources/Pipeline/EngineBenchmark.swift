import Dispatch
import Engine
import Models

/// Measures the engine's training and inference throughput on fixed networks with random
/// inputs, as `ocnna bench engine` reports it.
///
/// A training step is forward + backward + SGD momentum in train mode; inference is a
/// forward pass in eval mode. Each figure is the median over timed steps after warm-up.
public enum EngineBenchmark {
  /// A network to measure.
  public struct Case: Sendable {
    public var name: String
    public var network: Network

    public init(name: String, network: Network) {
      self.name = name
      self.network = network
    }
  }

  /// The figures for one network.
  public struct Measurement: Codable, Sendable {
    public var name: String
    public var batchSize: Int
    public var parameterCount: Int
    /// Multiply–accumulates per image (forward).
    public var macs: Int
    public var trainImagesPerSecond: Double
    public var inferenceImagesPerSecond: Double
    /// Each timed training and inference step, in seconds.
    public var trainSeconds: [Double]
    public var inferenceSeconds: [Double]
    /// Each timed distillation fine-tuning step, in seconds, when asked for: the teacher's
    /// inference pass plus the student's training step on the distillation loss, as
    /// fine-tuning runs it (`Trainer`), the network serving as its own teacher.
    public var distillationSeconds: [Double]?
    /// Seconds per timed step by operation and direction, when profiling was asked for
    /// (training steps and inference passes together).
    public var profile: [String: Double]?

    /// Effective GFLOPS of training, counting 2 FLOPs per MAC and 3 passes (forward,
    /// input gradient, weight gradient).
    public var trainGFLOPS: Double { trainImagesPerSecond * Double(macs) * 6 / 1e9 }
    /// Images per second of distillation fine-tuning, when measured.
    public var distillationImagesPerSecond: Double? {
      distillationSeconds.map { Double(batchSize) / EngineBenchmark.median($0) }
    }

    /// Effective GFLOPS of inference (2 FLOPs per MAC).
    public var inferenceGFLOPS: Double { inferenceImagesPerSecond * Double(macs) * 2 / 1e9 }
  }

  /// The names of the three networks of the engine benchmark, in the order they run.
  public static let caseNames = ["vgg16-bn", "vgg16-bn/8", "resnet56", "resnet20"]

  /// A network of the engine benchmark by name: CIFAR VGG-16-BN, the same at width 1/8,
  /// or CIFAR ResNet-56 and ResNet-20 with option-A shortcuts (the networks `Scripts/torch_reference.py`
  /// builds in PyTorch).
  public static func standardCase(named name: String) -> Case? {
    switch name {
    case "vgg16-bn":
      Case(name: name, network: VGG.vgg16(classCount: 10, width: 1, head: .linear, seed: 1))
    case "vgg16-bn/8":
      Case(name: name, network: VGG.vgg16(classCount: 10, width: 0.125, head: .linear, seed: 1))
    case "resnet56":
      Case(
        name: name, network: CIFARResNet.resnet(depth: 56, shortcut: .a, classCount: 10, seed: 1))
    case "resnet20":
      Case(
        name: name, network: CIFARResNet.resnet(depth: 20, shortcut: .a, classCount: 10, seed: 1))
    default: nil
    }
  }

  /// A zoo architecture at CIFAR-10 size (32 px, 10 classes) as a benchmark network.
  public static func zooCase(architecture: String, width: Double) throws -> Case {
    Case(
      name: "\(architecture) ×\(width)",
      network: try ModelSpec(architecture: architecture, width: width).build(seed: 1))
  }

  /// Times `warmup` untimed and `steps` timed training steps, then the same for inference.
  ///
  /// With `profile`, each node's time is also recorded by operation kind; with `distill`,
  /// distillation fine-tuning steps are timed too (after the others).
  public static func measure(
    _ benchmark: Case, batchSize: Int, steps: Int, warmup: Int, profile: Bool = false,
    distill: Bool = false
  ) -> Measurement {
    var network = benchmark.network
    let profiler = OperationProfiler()
    let input = Tensor(normal: [batchSize] + network.inputShape, seed: 7)
    let classes = network.outputShape[0]
    var generator = SeededGenerator(seed: 11)
    let labels = (0..<batchSize).map { _ in Int(generator.next() % UInt64(classes)) }
    var optimizer = SGD(for: network, settings: SGD.Settings(momentum: 0.9, weightDecay: 5e-4))
    var trainSeconds: [Double] = []
    for step in 0..<(warmup + steps) {
      if profile && step == warmup { network.profiler = profiler }
      let start = DispatchTime.now().uptimeNanoseconds
      network.trainStep(
        input: input, labels: labels, optimizer: &optimizer, learningRate: 0.01, seed: UInt64(step))
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if step >= warmup { trainSeconds.append(elapsed) }
    }
    network.profiler = nil
    var inferenceSeconds: [Double] = []
    for step in 0..<(warmup + steps) {
      if profile && step == warmup { network.profiler = profiler }
      let start = DispatchTime.now().uptimeNanoseconds
      _ = network.inference(input)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if step >= warmup { inferenceSeconds.append(elapsed) }
    }
    var distillationSeconds: [Double]?
    if distill {
      let teacher = network
      distillationSeconds = []
      for step in 0..<(warmup + steps) {
        let start = DispatchTime.now().uptimeNanoseconds
        network.trainStep(
          input: input, labels: labels, optimizer: &optimizer, learningRate: 0.01,
          seed: UInt64(step), teacherLogits: teacher.inference(input))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if step >= warmup { distillationSeconds?.append(elapsed) }
      }
    }
    return Measurement(
      name: benchmark.name, batchSize: batchSize, parameterCount: network.parameterCount,
      macs: network.macs,
      trainImagesPerSecond: Double(batchSize) / median(trainSeconds),
      inferenceImagesPerSecond: Double(batchSize) / median(inferenceSeconds),
      trainSeconds: trainSeconds, inferenceSeconds: inferenceSeconds,
      distillationSeconds: distillationSeconds,
      profile: profile ? profiler.seconds.mapValues { $0 / Double(steps) } : nil)
  }

  /// The median of a non-empty list.
  public static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }
}
