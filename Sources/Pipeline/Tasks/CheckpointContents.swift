import Engine
import Foundation

/// `ocnna inspect-checkpoint`: the tensors and metadata of a safetensors file, read from
/// its header without loading the tensors.
public struct CheckpointContents: Sendable {
  public struct Tensor: Sendable {
    public var name: String
    public var dtype: String
    public var shape: [Int]
  }

  public var tensors: [Tensor]
  public var metadata: [String: String]

  public init(contentsOf url: URL) throws {
    let file = try SafeTensorsFile(contentsOf: url)
    tensors = file.entries.map { Tensor(name: $0.name, dtype: $0.dtype, shape: $0.shape) }
    metadata = file.metadata
  }

  /// Scalars over every tensor.
  public var scalarCount: Int { tensors.reduce(0) { $0 + $1.shape.reduce(1, *) } }
}
