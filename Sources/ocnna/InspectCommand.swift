import ArgumentParser
import Engine
import Foundation
import Models
import Pruning

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Print a network's channel groups: member layers, channel count, prunable or not.")

  @Option(help: "A zoo architecture.") var model: String?
  @Option(help: "Or an ocnna checkpoint.") var checkpoint: String?
  @Option(help: "Input size for --model.") var inputSize = 32
  @Option(help: "Classes for --model.") var classes = 10
  @Option(help: "Width for --model.") var width = 1.0

  func run() throws {
    let network: Network
    if let checkpoint {
      network = try Checkpoint.load(from: URL(fileURLWithPath: checkpoint))
    } else if let model {
      network = try ModelSpec(
        architecture: model, classCount: classes, inputSize: inputSize, width: width
      ).build()
    } else {
      throw ValidationError("name a --model or a --checkpoint")
    }
    let graph = DependencyGraph(network)
    print(
      "\(graph.groups.count) groups, \(graph.groups.filter(\.prunable).count) prunable; \(network.parameterCount.formatted()) parameters"
    )
    for group in graph.groups {
      let producers = group.producerNodes.map { network.nodes[$0].name }
      let members = group.memberNodes.map { network.nodes[$0].name }
      let status = group.prunable ? "prunable" : "locked (\(group.lockReason ?? "?"))"
      print("group \(group.id): \(group.channelCount) channels, \(status)")
      if !producers.isEmpty { print("  producers: \(producers.joined(separator: ", "))") }
      print(
        "  members: \(members.prefix(12).joined(separator: ", "))\(members.count > 12 ? ", … (\(members.count) nodes)" : "")"
      )
    }
  }
}
