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
