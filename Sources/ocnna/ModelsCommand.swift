import ArgumentParser
import Engine
import Foundation
import Models

struct ModelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "models",
    abstract: "List the model zoo with parameters and MACs for an input size and class count.")

  @Option(help: "Input size in pixels (square).") var inputSize = 32
  @Option(help: "Number of classes.") var classes = 10
  @Option(help: "Width multiplier.") var width = 1.0

  func run() throws {
    print("architecture      parameters        MACs/image  description")
    for architecture in Zoo.architectures {
      let spec = ModelSpec(
        architecture: architecture.name, classCount: classes, inputSize: inputSize, width: width)
      guard let network = try? spec.build() else {
        print(
          "\(architecture.name.padding(toLength: 16, withPad: " ", startingAt: 0))  (input \(inputSize) px is too small)"
        )
        continue
      }
      print(
        architecture.name.padding(toLength: 16, withPad: " ", startingAt: 0)
          + leftPad(network.parameterCount, 12) + leftPad(network.macs, 18) + "  "
          + architecture.summary)
    }
  }

  private func leftPad(_ value: Int, _ width: Int) -> String {
    let text = value.formatted()
    return String(repeating: " ", count: max(0, width - text.count)) + text
  }
}

extension Int {
  /// The number with thousands separators (1,234,567).
  func formatted() -> String {
    let digits = String(abs(self))
    var groups: [String] = []
    var end = digits.endIndex
    while end > digits.startIndex {
      let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
      groups.insert(String(digits[start..<end]), at: 0)
      end = start
    }
    return (self < 0 ? "-" : "") + groups.joined(separator: ",")
  }
}
