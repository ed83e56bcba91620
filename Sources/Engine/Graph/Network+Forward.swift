/// Whether a forward pass trains (batch statistics, dropout) or evaluates.
public enum Mode: Sendable {
  case train
  case eval
}

/// What a forward pass leaves for the backward pass: every node's output and what each
/// operation saved (BatchNorm statistics, max-pool positions, dropout masks).
public struct ForwardPass: Sendable {
  public let mode: Mode
  public let input: Tensor
  /// Node outputs by position; `nil` where an inference pass released them early, or a
  /// training step released one the backward pass does not read.
  public internal(set) var outputs: [Tensor?]
  /// Every node's output shape (with the batch axis), kept when the output is released.
  public let outputShapes: [[Int]]
  var saved: [SavedState?]

  /// The network's output (the last node's).
  public var output: Tensor { outputs[outputs.count - 1]! }

  enum SavedState: Sendable {
    case batchNorm(BatchNorm.Saved)
    case maxPool([Int32])
    case dropout([Float])
  }
}

extension Network {
  /// Runs the network on a batch `input` (`[N] + inputShape`), keeping what backward needs.
  ///
  /// In `.train` mode BatchNorm uses batch statistics and updates its running averages,
  /// and dropout masks come from `seed`.
  public mutating func forward(_ input: Tensor, mode: Mode, seed: UInt64 = 0) -> ForwardPass {
    forward(input, mode: mode, seed: seed, keepingOnlyWhatBackwardNeeds: false)
  }

  /// `forward`, optionally releasing the outputs that `backward` never reads (what a
  /// training step does, to hold fewer activations at once); `outputs` then has `nil`
  /// where an output was released.
  public mutating func forward(
    _ input: Tensor, mode: Mode, seed: UInt64, keepingOnlyWhatBackwardNeeds: Bool
  ) -> ForwardPass {
    var buffers = self.buffers
    let pass = run(
      input, mode: mode, seed: seed, buffers: &buffers, keepAll: true, retaining: [],
      releasingUnneeded: keepingOnlyWhatBackwardNeeds)
    if mode == .train { self.buffers = buffers }
    return pass
  }

  /// Evaluates the network (eval mode) and returns its output, releasing each activation
  /// as soon as nothing reads it any more.
  public func inference(_ input: Tensor) -> Tensor {
    inference(input, retaining: []).output
  }

  /// Evaluates the network (eval mode) and also returns the outputs of the nodes named in
  /// `retaining` (for example the activations that pruning criteria score).
  public func inference(_ input: Tensor, retaining names: Set<String>) -> (
    output: Tensor, retained: [String: Tensor]
  ) {
    let positions = Set(
      names.map { name -> Int in
        guard let index = nodeIndex(name) else {
          preconditionFailure("inference: no node named '\(name)'")
        }
        return index
      })
    var buffers = self.buffers
    let pass = run(
      input, mode: .eval, seed: 0, buffers: &buffers, keepAll: false, retaining: positions)
    var retained: [String: Tensor] = [:]
    for index in positions { retained[nodes[index].name] = pass.outputs[index] }
    return (pass.output, retained)
  }

  func run(
    _ input: Tensor, mode: Mode, seed: UInt64, buffers: inout NamedTensors, keepAll: Bool,
    retaining: Set<Int>, releasingUnneeded: Bool = false
  ) -> ForwardPass {
    precondition(
      input.rank == inputShape.count + 1 && Array(input.shape.dropFirst()) == inputShape,
      "network forward: input \(input.shape) does not match [N] + \(inputShape)")
    let batch = input.shape[0]
    var outputs = [Tensor?](repeating: nil, count: nodes.count)
    var saved = [ForwardPass.SavedState?](repeating: nil, count: nodes.count)
    let training = mode == .train
    var fusedReLUs: Set<Int> = []
    // Whether node `index` is the last reader of `source`'s output and nothing keeps it:
    // the output may then be released, or overwritten in place by node `index`.
    func consumable(_ source: Int, by index: Int) -> Bool {
      source >= 0 && lastUse[source] == index && !retaining.contains(source)
        && (!keepAll || (releasingUnneeded && !neededByBackward[source]))
    }
    for (index, node) in nodes.enumerated() {
      if fusedReLUs.contains(index) { continue }
      let sources = inputIndices[index]
      if case .relu = node.operation, let source = sources.first, consumable(source, by: index) {
        // Nothing reads the input after this ReLU: rectify it where it lies instead of
        // copying it (one activation-sized copy fewer per ReLU).
        var rectified = outputs[source]!
        outputs[source] = nil
        measure("relu forward") { ReLU.rectify(&rectified) }
        outputs[index] = rectified
        continue
      }
      if case .batchNorm(let config) = node.operation, !training, !keepAll,
        let source = sources.first, source >= 0, lastUse[source] == index,
        !retaining.contains(source)
      {
        // Inference, and nothing reads the input after this BatchNorm: normalise it where it
        // lies, with the ReLU that alone reads the result in the same pass.
        let fusesReLU = fusableReLU(after: index, retaining: retaining)
        var normalised = outputs[source]!
        outputs[source] = nil
        let slots = parameterSlots[index], b = bufferSlots[index]
        measure(fusesReLU ? "batchNorm+relu forward" : "batchNorm forward") {
          BatchNorm.evaluateInPlace(
            &normalised, weight: parameters.tensors[slots[0]], bias: parameters.tensors[slots[1]],
            runningMean: buffers.tensors[b[0]], runningVariance: buffers.tensors[b[1]],
            config: config, rectifying: fusesReLU)
        }
        if fusesReLU {
          fusedReLUs.insert(index + 1)
          outputs[index + 1] = normalised
        } else {
          outputs[index] = normalised
        }
        continue
      }
      if case .add = node.operation, Set(sources).count == sources.count,
        let taken = sources.first(where: { consumable($0, by: index) })
      {
        // A residual sum whose input nothing reads afterwards: add the other inputs into it
        // where it lies instead of into a copy (one activation-sized copy fewer per block).
        var sum = outputs[taken]!
        outputs[taken] = nil
        measure("add forward") {
          for source in sources where source != taken {
            sum.add(source < 0 ? input : outputs[source]!)
          }
        }
        outputs[index] = sum
        for source in sources where consumable(source, by: index) { outputs[source] = nil }
        continue
      }
      let arguments = sources.map { $0 < 0 ? input : outputs[$0]! }
      let y = measure(node.operation.kind + " forward") {
        forwardNode(
          index, arguments, batch: batch, training: training, seed: seed, keepAll: keepAll,
          buffers: &buffers, saved: &saved)
      }
      outputs[index] = y
      for source in sources where consumable(source, by: index) { outputs[source] = nil }
    }
    let shapes = nodeShapes.map { [batch] + $0 }
    return ForwardPass(
      mode: mode, input: input, outputs: outputs, outputShapes: shapes, saved: saved)
  }

  /// Whether the node after `index` is a ReLU that alone reads node `index`'s output, so
  /// that an inference pass may apply it in the same pass as the BatchNorm at `index`.
  private func fusableReLU(after index: Int, retaining: Set<Int>) -> Bool {
    let next = index + 1
    guard next < nodes.count, case .relu = nodes[next].operation else { return false }
    return inputIndices[next] == [index] && lastUse[index] == next && !retaining.contains(index)
  }

  /// One node's forward computation on its `arguments`.
  private func forwardNode(
    _ index: Int, _ arguments: [Tensor], batch: Int, training: Bool, seed: UInt64,
    keepAll: Bool, buffers: inout NamedTensors, saved: inout [ForwardPass.SavedState?]
  ) -> Tensor {
    let slots = parameterSlots[index]
    let x = arguments[0]
    switch nodes[index].operation {
    case .conv(let c):
      return Convolution.forward(
        x, weight: parameters.tensors[slots[0]],
        bias: c.hasBias ? parameters.tensors[slots[1]] : nil, config: c)
    case .batchNorm(let c):
      let b = bufferSlots[index]
      var runningMean = buffers.tensors[b[0]]
      var runningVariance = buffers.tensors[b[1]]
      let result = BatchNorm.forward(
        x, weight: parameters.tensors[slots[0]], bias: parameters.tensors[slots[1]],
        runningMean: &runningMean, runningVariance: &runningVariance,
        config: c, training: training)
      if training {
        buffers.tensors[b[0]] = runningMean
        buffers.tensors[b[1]] = runningVariance
      }
      if keepAll { saved[index] = .batchNorm(result.saved) }
      return result.output
    case .relu:
      return ReLU.forward(x)
    case .maxPool(let c):
      let result = Pooling.maxForward(x, config: c, recordingPositions: keepAll)
      if keepAll { saved[index] = .maxPool(result.argmax) }
      return result.output
    case .avgPool(let c):
      return Pooling.averageForward(x, config: c)
    case .globalAvgPool:
      return Pooling.globalAverageForward(x)
    case .linear(let c):
      return Linear.forward(
        x, weight: parameters.tensors[slots[0]],
        bias: c.hasBias ? parameters.tensors[slots[1]] : nil, config: c)
    case .add:
      return ChannelOps.add(arguments)
    case .concat:
      return ChannelOps.concat(arguments)
    case .flatten:
      return x.reshaped([batch, x.count / max(batch, 1)])
    case .dropout(let c):
      if training && c.probability > 0 {
        let mask = Dropout.mask(
          count: x.count, probability: c.probability,
          seed: SeededGenerator.derive(seed, UInt64(index)))
        saved[index] = .dropout(mask)
        return Dropout.apply(mask, to: x)
      } else {
        return x
      }
    case .channelPad(let c):
      return ChannelOps.channelPad(x, config: c)
    }
  }

  /// Runs `body`, timing it under `label` when a profiler is attached.
  @inline(__always)
  func measure<T>(_ label: @autoclosure () -> String, _ body: () -> T) -> T {
    guard let profiler else { return body() }
    return profiler.measure(label(), body)
  }
}
