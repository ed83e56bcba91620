import Engine
import Results

/// The layers the pruning literature prunes, per zoo architecture: the `literature`
/// scope (`PruningScope`). Each rule names the convolutions whose output channels stay,
/// with the reason a report prints.
///
/// - CIFAR ResNets (option A or B): only the first conv of each basic block (Li et al.
///   2017, §4.2; HRank's ResNet-56); the stem, every second conv and the shortcuts feed
///   the residual stream.
/// - ResNet-50: the two inner convs of each bottleneck; the stem, the block outputs and
///   the projection shortcuts stay (Torch-Pruning's and HRank's ResNet-50).
/// - DenseNet-40: the dense layers' convs; the stem, both transitions and the last dense
///   layer stay (HRank's configuration).
/// - MobileNet V1: every pointwise conv with its depthwise partner; the stem stays.
/// - VGG-16: all 13 convs (the classifier's hidden units are never pruned).
///
/// An architecture outside the zoo (a checkpoint that does not record one) gets the
/// structural rule: the first convolution and every group that meets a residual sum stay.
public enum ScopePreset {
  /// For every convolution the scope keeps whole, the reason.
  public static func lockedProducers(architecture: String, network: Network) -> [String: String] {
    var locked = [String: String]()
    let family = ArchitectureName.named(architecture)
    let convs = network.nodes.filter { if case .conv = $0.operation { true } else { false } }
    for (position, node) in convs.enumerated() {
      let reason: String?
      if let family {
        reason = Self.reason(node.name, slug: family.slug)
      } else {
        reason = position == 0 ? "stem (first convolution)" : nil
      }
      if let reason { locked[node.name] = reason }
    }
    if family == nil {
      for (name, reason) in residualProducers(network) where locked[name] == nil {
        locked[name] = reason
      }
    }
    return locked
  }

  /// Why convolution `name` of architecture `slug` stays whole, or nil when it is pruned.
  static func reason(_ name: String, slug: String) -> String? {
    let parts = name.split(separator: ".").map(String.init)
    if slug.hasPrefix("vgg16") { return nil }
    if name == "conv1" { return "stem" }
    switch slug {
    case "mobilenet-v1":
      return nil
    case "densenet40":
      if parts.first?.hasPrefix("trans") == true { return "transition layer" }
      if isDenseLastLayer(parts) { return "last dense layer (HRank's configuration)" }
      return nil
    case "resnet50":
      if parts.count == 3, ["conv1", "conv2"].contains(parts[2]) { return nil }
      if parts.count == 3, parts[2] == "conv3" { return "bottleneck output (residual stream)" }
      return "projection shortcut (residual stream)"
    default:  // the CIFAR ResNets
      if parts.count == 3, parts[2] == "conv1" { return nil }
      if parts.count == 3, parts[2] == "conv2" { return "block output (residual stream)" }
      return "projection shortcut (residual stream)"
    }
  }

  /// Whether `dense<block>.<layer>.conv` is the last layer of DenseNet-40's last block.
  static func isDenseLastLayer(_ parts: [String]) -> Bool {
    parts.count == 3 && parts[0] == "dense3" && parts[1] == "11"
  }

  /// The convolutions whose channels reach an `add` through channel-preserving nodes.
  static func residualProducers(_ network: Network) -> [String: String] {
    var result = [String: String]()
    let byName = Dictionary(uniqueKeysWithValues: network.nodes.map { ($0.name, $0) })
    for node in network.nodes where node.operation == .add {
      for input in node.inputs {
        var current = byName[input]
        while let candidate = current {
          if case .conv = candidate.operation {
            result[candidate.name] = "meets the residual sum \(node.name)"
            break
          }
          guard candidate.operation.passesChannelsThrough else { break }
          current = byName[candidate.inputs[0]]
        }
      }
    }
    return result
  }
}

extension Operation {
  /// BatchNorm, ReLU and dropout: the channel that comes in is the channel that goes out.
  var passesChannelsThrough: Bool {
    switch self {
    case .batchNorm, .relu, .dropout: true
    default: false
    }
  }
}
