import ArgumentParser
import Foundation
import Pipeline

struct InspectCheckpointCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect-checkpoint",
    abstract: "List the tensors, shapes and metadata of a safetensors checkpoint.")

  @Argument(help: "The .safetensors file.")
  var file: String

  func run() throws {
    let checkpoint = try CheckpointContents(contentsOf: URL(fileURLWithPath: file))
    let nameWidth = max(4, checkpoint.tensors.map(\.name.count).max() ?? 0)
    print("\(file): \(checkpoint.tensors.count) tensors")
    print("name".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  dtype  shape")
    for entry in checkpoint.tensors {
      let shape = "[" + entry.shape.map(String.init).joined(separator: ", ") + "]"
      print(
        entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
          + entry.dtype.padding(toLength: 5, withPad: " ", startingAt: 0) + "  " + shape)
    }
    print("total scalars: \(checkpoint.scalarCount)")
    if checkpoint.metadata.isEmpty {
      print("metadata: none")
    } else {
      print("metadata:")
      for key in checkpoint.metadata.keys.sorted() {
        let value = checkpoint.metadata[key]!
        print(
          "  \(key): \(value.count > 200 ? String(value.prefix(200)) + "… (\(value.count) characters)" : value)"
        )
      }
    }
  }
}
