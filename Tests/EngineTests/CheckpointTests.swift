import Engine
import Foundation
import TestSupport
import Testing

struct CheckpointTests {
  @Test func savedNetworkRebuildsWithTheSameOutputs() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var network = try NetworkTests.smallGraph()
    // A training pass moves the running statistics away from their initial values.
    _ = network.forward(Tensor(normal: [4, 2, 6, 6], seed: 9), mode: .train)
    let url = directory.file("net.safetensors")
    try Checkpoint.save(network, to: url, metadata: ["note": "test"])
    let loaded = try Checkpoint.load(from: url)
    #expect(loaded.nodes == network.nodes)
    #expect(loaded.parameters == network.parameters)
    #expect(loaded.buffers == network.buffers)
    let x = Tensor(normal: [2, 2, 6, 6], seed: 1)
    #expect(loaded.inference(x) == network.inference(x))
  }

  /// Found by fuzzing (Scripts/fuzz Checkpoint): a structure saying `"groups": 0` made
  /// loading divide by zero, and sizes no machine holds were allocated before any check.
  /// Each is now refused, naming the node, before a tensor is allocated.
  @Test(arguments: [
    ("\"groups\":1", "\"groups\":0", "groups 0"),
    ("\"kernelSize\":3", "\"kernelSize\":0", "kernel and stride"),
    ("\"stride\":1", "\"stride\":-2", "kernel and stride"),
    ("\"outputChannels\":4", "\"outputChannels\":4000000000000", "exceeds"),
    ("\"inputShape\":[2,6,6]", "\"inputShape\":[2,6,600000000000]", "input shape"),
    ("\"epsilon\":1e-05", "\"epsilon\":-1", "epsilon"),
  ])
  func aHostileStructureIsRefusedBeforeAllocating(original: String, hostile: String, says: String)
    throws
  {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("net.safetensors")
    try Checkpoint.save(try NetworkTests.smallGraph(), to: url)
    let file = try SafeTensorsFile(contentsOf: url)
    var metadata = file.metadata
    let structure = try #require(metadata[Checkpoint.structureKey])
    #expect(structure.contains(original), "the structure has no \(original): \(structure)")
    metadata[Checkpoint.structureKey] = structure.replacingOccurrences(of: original, with: hostile)
    let tensors = try file.entries.map { ($0.name, try file.tensor($0)) }
    try SafeTensorsFile.write(tensors, metadata: metadata, to: url)
    #expect {
      try Checkpoint.load(from: url)
    } throws: { error in
      (error as? SafeTensorsError)?.message.contains(says) == true
    }
  }

  @Test func mismatchedCheckpointListsTheFirstMismatches() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("net.safetensors")
    try Checkpoint.save(try NetworkTests.smallGraph(), to: url)
    var other = try TrainingTests.smallCNN(seed: 1)
    do {
      try Checkpoint.loadState(into: &other, from: url)
      Issue.record("no error")
    } catch let error as SafeTensorsError {
      #expect(error.path == url.path)
      #expect(error.message.contains("missing 'conv1.weight'"))
      #expect(
        error.message.contains("'fc.weight' is [3, 10] in the file, the network needs [4, 64]"))
      #expect(error.message.contains("20 mismatches"))
    }
  }

  @Test func checkpointWithoutStructureSaysHowToLoadIt() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("plain.safetensors")
    try SafeTensorsFile.write([("w", Tensor(zeros: [1]))], metadata: [:], to: url)
    #expect(throws: SafeTensorsError.self) { try Checkpoint.load(from: url) }
  }
}
