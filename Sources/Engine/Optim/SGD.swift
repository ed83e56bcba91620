/// Stochastic gradient descent with momentum, optional Nesterov momentum and L2 weight
/// decay, following PyTorch's `torch.optim.SGD` update:
///
///   g ← ∇ + λ·w (+ λ₁·sign(γ) for BatchNorm scales);  v ← μ·v + g;  w ← w − lr·(Nesterov ? g + μ·v : v)
public struct SGD: Sendable {
  public struct Settings: Codable, Hashable, Sendable {
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    /// When false, BatchNorm parameters and biases get no weight decay.
    public var decayNormAndBias: Bool
    /// λ of Network Slimming's sparsity penalty λ·|γ| on BatchNorm scales (Liu et al.,
    /// ICCV 2017): adds λ·sign(γ) to their gradients.
    public var batchNormL1: Float

    public init(
      momentum: Float = 0.9, nesterov: Bool = false, weightDecay: Float = 5e-4,
      decayNormAndBias: Bool = true, batchNormL1: Float = 0
    ) {
      self.momentum = momentum
      self.nesterov = nesterov
      self.weightDecay = weightDecay
      self.decayNormAndBias = decayNormAndBias
      self.batchNormL1 = batchNormL1
    }
  }

  public let settings: Settings
  private var velocity: [Tensor]
  private let decay: [Float]
  private let sparsity: [Float]

  /// An optimiser for `network`'s parameters.
  public init(for network: Network, settings: Settings = Settings()) {
    self.settings = settings
    velocity = network.parameters.tensors.map { Tensor(zeros: $0.shape) }
    decay = (0..<network.parameters.count).map { index in
      settings.decayNormAndBias || !network.isNormOrBias(parameterAt: index)
        ? settings.weightDecay : 0
    }
    sparsity = (0..<network.parameters.count).map { index in
      network.isBatchNormScale(parameterAt: index) ? settings.batchNormL1 : 0
    }
  }

  /// The momentum buffers, one per parameter, in parameter order (saved in training
  /// snapshots so that a resumed run continues exactly where it stopped).
  public var velocities: [Tensor] { velocity }

  /// Restores momentum buffers saved from `velocities`.
  public mutating func restore(velocities: [Tensor]) {
    precondition(
      velocities.map(\.shape) == velocity.map(\.shape),
      "SGD.restore: the saved momentum buffers do not fit these parameters")
    velocity = velocities
  }

  /// Applies one update with learning rate `learningRate`.
  public mutating func step(
    _ parameters: inout NamedTensors, gradients: NamedTensors, learningRate: Float
  ) {
    precondition(
      parameters.names == gradients.names, "SGD: gradients do not belong to these parameters")
    let mu = settings.momentum, nesterov = settings.nesterov
    for index in 0..<parameters.count {
      let lambda = decay[index], l1 = sparsity[index]
      parameters.tensors[index].scalars.withUnsafeMutableBufferPointer { w in
        velocity[index].scalars.withUnsafeMutableBufferPointer { v in
          gradients.tensors[index].scalars.withUnsafeBufferPointer { g in
            for i in 0..<w.count {
              let sign: Float = w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)
              let grad = g[i] + lambda * w[i] + l1 * sign
              v[i] = mu * v[i] + grad
              w[i] -= learningRate * (nesterov ? grad + mu * v[i] : v[i])
            }
          }
        }
      }
    }
  }
}
