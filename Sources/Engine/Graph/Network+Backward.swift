extension Network {
  /// Back-propagates `outputGradient` (the loss's gradient with respect to the network
  /// output) through a pass made by `forward`.
  ///
  /// - Returns: the gradient of every parameter, under the parameter's name and in the
  ///   same order as `parameters`, and the input's gradient when `inputGradient` is true.
  ///   `retainingGradients` names nodes whose output gradients are returned too (Taylor
  ///   pruning scores activations by them).
  public func backward(
    _ pass: ForwardPass, outputGradient: Tensor, inputGradient wantInputGradient: Bool = false,
    retainingGradients retained: Set<Int> = []
  ) -> (parameters: NamedTensors, input: Tensor?, nodes: [Int: Tensor]) {
    precondition(
      outputGradient.shape == pass.output.shape,
      "network backward: gradient \(outputGradient.shape) does not match output \(pass.output.shape)"
    )
    var gradients = [Tensor?](repeating: nil, count: parameters.count)
    var nodeGradients = [Tensor?](repeating: nil, count: nodes.count)
    var inputGradient: Tensor?
    var kept: [Int: Tensor] = [:]
    nodeGradients[nodes.count - 1] = outputGradient

    func accumulate(_ gradient: Tensor, into source: Int) {
      if source < 0 {
        if inputGradient == nil { inputGradient = gradient } else { inputGradient!.add(gradient) }
      } else if nodeGradients[source] == nil {
        nodeGradients[source] = gradient
      } else {
        nodeGradients[source]!.add(gradient)
      }
    }

    // A weighted layer's gradients: weight, optional bias, and the input's when computed.
    func record(_ g: (input: Tensor?, weight: Tensor, bias: Tensor?), slots: [Int], source: Int) {
      gradients[slots[0]] = g.weight
      if let bias = g.bias, slots.count > 1 { gradients[slots[1]] = bias }
      if let dx = g.input { accumulate(dx, into: source) }
    }

    for index in stride(from: nodes.count - 1, through: 0, by: -1) {
      guard var dy = nodeGradients[index] else { continue }
      nodeGradients[index] = nil
      if retained.contains(index) { kept[index] = dy }
      let sources = inputIndices[index]
      // The first input's values, read only by the operations that need them (a training
      // step releases the others); its shape is always kept.
      var x: Tensor {
        guard sources[0] >= 0 else { return pass.input }
        guard let value = pass.outputs[sources[0]] else {
          preconditionFailure(
            "network backward: the output of '\(nodes[sources[0]].name)' was released")
        }
        return value
      }
      let xShape = sources[0] < 0 ? pass.input.shape : pass.outputShapes[sources[0]]
      // The network input's gradient is computed only when asked for.
      let needInput = sources[0] >= 0 || wantInputGradient
      let slots = parameterSlots[index]
      measure(nodes[index].operation.kind + " backward") {
        switch nodes[index].operation {
        case .conv(let c):
          record(
            Convolution.backward(
              x, weight: parameters.tensors[slots[0]], hasBias: c.hasBias, outputGradient: dy,
              config: c, needInputGradient: needInput), slots: slots, source: sources[0])
        case .batchNorm:
          guard case .batchNorm(let saved) = pass.saved[index] else {
            preconditionFailure(
              "network backward: no saved BatchNorm state; was the pass made by forward()?")
          }
          let g = BatchNorm.backward(
            x, weight: parameters.tensors[slots[0]], saved: saved, outputGradient: dy)
          gradients[slots[0]] = g.weight
          gradients[slots[1]] = g.bias
          accumulate(g.input, into: sources[0])
        case .relu:
          ReLU.maskGradient(&dy, output: pass.outputs[index]!)
          accumulate(dy, into: sources[0])
        case .maxPool:
          guard case .maxPool(let argmax) = pass.saved[index] else {
            preconditionFailure("network backward: no saved max-pool positions")
          }
          accumulate(
            Pooling.maxBackward(inputShape: xShape, argmax: argmax, outputGradient: dy),
            into: sources[0])
        case .avgPool(let c):
          accumulate(
            Pooling.averageBackward(inputShape: xShape, outputGradient: dy, config: c),
            into: sources[0])
        case .globalAvgPool:
          accumulate(
            Pooling.globalAverageBackward(inputShape: xShape, outputGradient: dy), into: sources[0]
          )
        case .linear(let c):
          record(
            Linear.backward(
              x, weight: parameters.tensors[slots[0]], hasBias: c.hasBias, outputGradient: dy,
              config: c, needInputGradient: needInput), slots: slots, source: sources[0])
        case .add:
          for source in sources { accumulate(dy, into: source) }
        case .concat:
          let counts = sources.map { ($0 < 0 ? pass.input.shape : pass.outputShapes[$0])[1] }
          for (source, part) in zip(
            sources, ChannelOps.concatBackward(outputGradient: dy, channelCounts: counts))
          {
            accumulate(part, into: source)
          }
        case .flatten:
          accumulate(dy.reshaped(xShape), into: sources[0])
        case .dropout:
          if case .dropout(let mask) = pass.saved[index] {
            accumulate(Dropout.apply(mask, to: dy), into: sources[0])
          } else {
            accumulate(dy, into: sources[0])
          }
        case .channelPad(let c):
          accumulate(
            ChannelOps.channelPadBackward(inputShape: xShape, outputGradient: dy, config: c),
            into: sources[0])
        }
      }
    }
    let tensors = zip(gradients, parameters.tensors).map { $0 ?? Tensor(zeros: $1.shape) }
    return (NamedTensors(names: parameters.names, tensors: tensors), inputGradient, kept)
  }
}
