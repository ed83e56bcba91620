import Foundation

/// Saving and loading networks as safetensors checkpoints.
///
/// Tensor names are node names plus `.weight`, `.bias`, `.running_mean` and
/// `.running_var`, as in PyTorch; the structure (input shape and nodes) is JSON under the
/// header's `__metadata__` key `ocnna.network`, so a checkpoint rebuilds its own network.
public enum Checkpoint {
  public static let structureKey = "ocnna.network"

  struct Structure: Codable {
    var inputShape: [Int]
    var nodes: [Node]
  }

  /// Writes `network`'s parameters, buffers and structure to `url` atomically.
  public static func save(_ network: Network, to url: URL, metadata: [String: String] = [:]) throws
  {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let structure = try encoder.encode(
      Structure(inputShape: network.inputShape, nodes: network.nodes))
    var allMetadata = metadata
    allMetadata[structureKey] = String(decoding: structure, as: UTF8.self)
    let tensors =
      zip(network.parameters.names, network.parameters.tensors).map { ($0, $1) }
      + zip(network.buffers.names, network.buffers.tensors).map { ($0, $1) }
    try SafeTensorsFile.write(tensors, metadata: allMetadata, to: url)
  }

  /// Rebuilds the network stored in the checkpoint at `url`.
  public static func load(from url: URL) throws -> Network {
    try load(from: SafeTensorsFile(contentsOf: url))
  }

  /// The network a read checkpoint describes. (The checkpoint fuzz target calls this.)
  public static func load(from file: SafeTensorsFile) throws -> Network {
    guard let text = file.metadata[structureKey] else {
      throw SafeTensorsError(
        path: file.path, message: "has no network structure (no '\(structureKey)' in __metadata__)",
        fix: "load it into a network built with `ocnna` (for example a zoo model) instead")
    }
    let structure: Structure
    do {
      structure = try JSONDecoder().decode(Structure.self, from: Data(text.utf8))
    } catch {
      throw SafeTensorsError(
        path: file.path,
        message:
          "__metadata__.\(structureKey) is not a valid network (\(Self.whereDecodingFailed(error)))",
        fix: "re-save the checkpoint with ocnna")
    }
    var network: Network
    do {
      network = try Network(inputShape: structure.inputShape, nodes: structure.nodes, seed: 0)
    } catch {
      throw SafeTensorsError(
        path: file.path, message: "__metadata__.\(structureKey): \(error)",
        fix: "re-save the checkpoint with ocnna")
    }
    try loadState(into: &network, from: file)
    return network
  }

  /// Replaces `network`'s parameters and buffers with the tensors of `file`; names and
  /// shapes must match exactly — under ocnna's names or under one other project's
  /// (`TensorNaming.known`) — otherwise the error lists the first mismatches under
  /// ocnna's names. Returns the naming that fitted.
  @discardableResult
  public static func loadState(into network: inout Network, from file: SafeTensorsFile) throws
    -> TensorNaming
  {
    let expected =
      zip(network.parameters.names, network.parameters.tensors).map { ($0, $1.shape) }
      + zip(network.buffers.names, network.buffers.tensors).map { ($0, $1.shape) }
    let expectedNames = Set(expected.map(\.0))
    func problems(under naming: TensorNaming) -> (
      problems: [String], entries: [String: SafeTensorsFile.Entry]
    ) {
      var byName: [String: SafeTensorsFile.Entry] = [:]
      var problems: [String] = []
      var unexpected: [String] = []
      for entry in file.entries {
        let name = naming.networkName(entry.name)
        if byName[name] != nil || !expectedNames.contains(name) {
          unexpected.append("unexpected '\(entry.name)' \(entry.shape)")
        } else {
          byName[name] = entry
        }
      }
      for (name, shape) in expected {
        guard let entry = byName[name] else {
          problems.append("missing '\(name)' \(shape)")
          continue
        }
        if entry.shape != shape {
          problems.append(
            "'\(entry.name)' is \(entry.shape) in the file, the network needs \(shape)")
        }
      }
      return (problems + unexpected, byName)
    }
    let own = problems(under: .ocnna)
    var fitted: (naming: TensorNaming, entries: [String: SafeTensorsFile.Entry])? =
      own.problems.isEmpty ? (.ocnna, own.entries) : nil
    for naming in TensorNaming.known.dropFirst() where fitted == nil {
      let other = problems(under: naming)
      if other.problems.isEmpty { fitted = (naming, other.entries) }
    }
    guard let fitted else {
      let shown = own.problems.prefix(8).joined(separator: "; ")
      throw SafeTensorsError(
        path: file.path,
        message:
          "does not fit the network (\(own.problems.count) mismatches: \(shown)\(own.problems.count > 8 ? "; …" : ""))",
        fix:
          "load it into the architecture it was saved from (same depth, width, shortcut option and class count); tensor names are read as \(TensorNaming.known.map(\.source).joined(separator: " or "))"
      )
    }
    for (index, name) in network.parameters.names.enumerated() {
      network.parameters.tensors[index] = try file.tensor(fitted.entries[name]!)
    }
    for (index, name) in network.buffers.names.enumerated() {
      network.buffers.tensors[index] = try file.tensor(fitted.entries[name]!)
    }
    return fitted.naming
  }

  /// `loadState(into:from:)` for the file at `url`.
  @discardableResult
  public static func loadState(into network: inout Network, from url: URL) throws -> TensorNaming {
    try loadState(into: &network, from: SafeTensorsFile(contentsOf: url))
  }

  /// Where a structure failed to decode, in the file's own terms (a JSON path), not
  /// Foundation's.
  static func whereDecodingFailed(_ error: any Error) -> String {
    let context: DecodingError.Context? =
      switch error as? DecodingError {
      case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c),
        .valueNotFound(_, let c):
        c
      default: nil
      }
    guard let context else { return "not valid JSON" }
    let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
      .joined()
    if case .keyNotFound(let key, _) = error as? DecodingError {
      return "$\(path).\(key.stringValue) is missing"
    }
    return "$\(path) is wrong"
  }
}
