/// Re-estimating BatchNorm's running statistics after surgery.
///
/// Pruning a channel changes what every later layer receives, so the running means and
/// variances stored with the original describe inputs the pruned network never sees; a
/// pruned network evaluated with them often sits at chance although its weights are
/// fine (Li et al., "EagleEye", ECCV 2020, arXiv:2007.02491, call this adaptive BN).
/// Recomputing them over a few hundred training images, with no gradient step, is the
/// zero-shot measurement the pruning literature accepts.
extension Network {
  /// This network with every BatchNorm's running statistics replaced by the cumulative
  /// average of the batch statistics over `batches` (PyTorch's `momentum=None`: each batch
  /// weighs alike; the unbiased variance is averaged). Parameters are untouched. Batches
  /// pass in training mode, so dropout is active as during training.
  public func reestimatingBatchNormStatistics(over batches: [Tensor]) throws -> Network {
    guard !batches.isEmpty else { return self }
    var buffers = self.buffers
    for index in buffers.names.indices {
      let name = buffers.names[index]
      if name.hasSuffix(".running_mean") || name.hasSuffix(".running_var") {
        let tensor = buffers.tensors[index]
        buffers[name] = Tensor(
          repeating: name.hasSuffix(".running_var") ? 1 : 0, shape: tensor.shape)
      }
    }
    for (number, batch) in batches.enumerated() {
      // Momentum 1/k makes the running value the mean of the first k batch statistics.
      let momentum = 1 / Float(number + 1)
      let averaging = nodes.map { node -> Node in
        guard case .batchNorm(var config) = node.operation else { return node }
        config.momentum = momentum
        return Node(node.name, .batchNorm(config), inputs: node.inputs)
      }
      var step = try Network(
        inputShape: inputShape, nodes: averaging, parameters: parameters, buffers: buffers)
      _ = step.forward(
        batch, mode: .train, seed: UInt64(number), keepingOnlyWhatBackwardNeeds: true)
      buffers = step.buffers
    }
    return try Network(
      inputShape: inputShape, nodes: nodes, parameters: parameters, buffers: buffers)
  }
}
