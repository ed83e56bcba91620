/// Another project's names for the tensors of a zoo network, so that its checkpoints load
/// by name without converting the file.
///
/// A checkpoint is loaded under the first naming (ocnna's own first) under which every
/// tensor fits the network exactly; a partial fit is never accepted.
public struct TensorNaming: Sendable {
  /// Who names tensors this way, for messages.
  public var source: String
  /// Leading parts of a file's tensor name and what the network calls them.
  public var prefixes: [(file: String, network: String)]
  /// Inner parts of a file's tensor name and what the network calls them.
  public var infixes: [(file: String, network: String)]

  /// The network's name for the file's tensor `name`.
  public func networkName(_ name: String) -> String {
    var result = name
    for (file, network) in prefixes where result.hasPrefix(file) {
      result = network + result.dropFirst(file.count)
    }
    for (file, network) in infixes {
      result = result.replacingOccurrences(of: file, with: network)
    }
    return result
  }

  /// ocnna's own names (the zoo's: PyTorch's `pytorch_resnet_cifar10` convention).
  public static let ocnna = TensorNaming(source: "ocnna", prefixes: [], infixes: [])
  /// `pytorch-cifar-models` (chenyaofo, BSD-3): option-B projections are
  /// `layerL.i.downsample.{0,1}` and the classifier is `fc` where the zoo says
  /// `shortcut.{0,1}` and `linear` (the CIFAR-100 ResNet-56 of `../shared/data`).
  public static let pytorchCIFARModels = TensorNaming(
    source: "pytorch-cifar-models", prefixes: [("fc.", "linear.")],
    infixes: [(".downsample.", ".shortcut.")])

  /// Every naming a checkpoint is tried under, in order.
  public static let known: [TensorNaming] = [.ocnna, .pytorchCIFARModels]
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty, contains(target) else { return self }
    return split(separator: target, omittingEmptySubsequences: false).joined(
      separator: replacement)
  }
}
