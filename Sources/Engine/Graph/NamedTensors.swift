/// An ordered collection of tensors addressed by dotted names (`layer1.0.conv1.weight`).
///
/// Used for a network's parameters, its buffers and the gradients of a backward pass,
/// which keeps gradients apart from the parameters they belong to.
public struct NamedTensors: Equatable, Sendable {
  public private(set) var names: [String]
  public var tensors: [Tensor]
  private var indexByName: [String: Int]

  public init() {
    names = []
    tensors = []
    indexByName = [:]
  }

  /// A collection with the given names, in order; names must be unique.
  public init(names: [String], tensors: [Tensor]) {
    precondition(
      names.count == tensors.count,
      "NamedTensors: \(names.count) names for \(tensors.count) tensors")
    self.init()
    for (name, tensor) in zip(names, tensors) { append(name, tensor) }
  }

  /// Adds a tensor under a new name.
  public mutating func append(_ name: String, _ tensor: Tensor) {
    precondition(indexByName[name] == nil, "NamedTensors: duplicate name '\(name)'")
    indexByName[name] = names.count
    names.append(name)
    tensors.append(tensor)
  }

  public var count: Int { names.count }
  /// The total number of scalars.
  public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

  /// The position of `name`, if present.
  public func index(of name: String) -> Int? { indexByName[name] }

  /// The tensor called `name`, if present; setting replaces an existing tensor.
  public subscript(name: String) -> Tensor? {
    get { indexByName[name].map { tensors[$0] } }
    set {
      guard let index = indexByName[name], let newValue else {
        preconditionFailure("NamedTensors: no tensor named '\(name)' to replace")
      }
      precondition(
        tensors[index].shape == newValue.shape,
        "NamedTensors: '\(name)' has shape \(tensors[index].shape), not \(newValue.shape)")
      tensors[index] = newValue
    }
  }

  /// The same names with zero tensors of the same shapes.
  public func zeros() -> NamedTensors {
    NamedTensors(names: names, tensors: tensors.map { Tensor(zeros: $0.shape) })
  }
}
