import ArgumentParser
import Pipeline

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
    let inspection: NetworkInspection
    if let checkpoint {
      inspection = try NetworkInspection.checkpoint(checkpoint)
    } else if let model {
      inspection = try NetworkInspection.zoo(
        model, inputSize: inputSize, classes: classes, width: width)
    } else {
      throw ValidationError("name a --model or a --checkpoint")
    }
    let groups = inspection.groups
    print(
      "\(groups.count) groups, \(groups.filter(\.prunable).count) prunable; \(inspection.parameterCount.formatted()) parameters"
    )
    for group in groups {
      let status = group.prunable ? "prunable" : "locked (\(group.lockReason ?? "?"))"
      print("group \(group.id): \(group.channelCount) channels, \(status)")
      if !group.producers.isEmpty {
        print("  producers: \(group.producers.joined(separator: ", "))")
      }
      let members = group.members
      print(
        "  members: \(members.prefix(12).joined(separator: ", "))\(members.count > 12 ? ", … (\(members.count) nodes)" : "")"
      )
    }
  }
}
