/// One named step of a network: an operation applied to the outputs of earlier nodes.
///
/// Names are dotted paths as in PyTorch checkpoints (`layer2.0.conv1`); the network's own
/// input is referred to as ``Node/networkInput``.
public struct Node: Hashable, Sendable {
  /// The name that refers to the network's input in `inputs`.
  public static let networkInput = "input"

  public var name: String
  public var operation: Operation
  /// The names of the nodes (or ``networkInput``) whose outputs this node consumes.
  public var inputs: [String]

  public init(_ name: String, _ operation: Operation, inputs: [String]) {
    self.name = name
    self.operation = operation
    self.inputs = inputs
  }
}
