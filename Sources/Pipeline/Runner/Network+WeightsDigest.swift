import Engine
import Foundation
import Results

extension Network {
  /// SHA-256 over the names and values of every parameter and buffer, in the network's
  /// order: what `OriginalRecord.weights` records, so that results pair only on the very
  /// same original network.
  var weightsDigest: String {
    var bytes = Data()
    for set in [parameters, buffers] {
      for (name, tensor) in zip(set.names, set.tensors) {
        bytes.append(contentsOf: Array(name.utf8))
        bytes.append(0)
        tensor.scalars.withUnsafeBytes { bytes.append(contentsOf: $0) }
      }
    }
    return Checksum.sha256(bytes)
  }
}
