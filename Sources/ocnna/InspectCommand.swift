import ArgumentParser
import Pipeline
import Results

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Print a network's channel groups: member layers, channel count, prunable or not.")

  @Option(help: "A zoo architecture.") var model: String?
  @Option(help: "Or an ocnna checkpoint.") var checkpoint: String?
  @Option(help: "Input size for --model.") var inputSize = 32
  @Option(help: "Classes for --model.") var classes = 10
  @Option(help: "Width for --model.") var width = 1.0
  @Option(
    help:
      "Which groups a run may prune: \(PruningScope.allCases.map { "\($0.rawValue) (\($0.meaning))" }.joined(separator: "; "))."
  )
  var scope = PruningScope.literature.rawValue

  func run() throws {
    guard let scope = PruningScope(rawValue: scope) else {
      throw ValidationError("--scope must be one of \(PruningScope.names), got '\(self.scope)'")
    }
    let inspection: NetworkInspection
    if let checkpoint {
      inspection = try NetworkInspection.checkpoint(checkpoint, scope: scope, architecture: model)
    } else if let model {
      inspection = try NetworkInspection.zoo(
        model, inputSize: inputSize, classes: classes, width: width, scope: scope)
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
