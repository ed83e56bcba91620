import ArgumentParser
import Foundation
import Pipeline
import Results

struct ModelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "models",
    abstract: "List the model zoo with parameters and MACs for an input size and class count.")

  @Option(help: "Input size in pixels (square).") var inputSize = 32
  @Option(help: "Number of classes.") var classes = 10
  @Option(help: "Width multiplier.") var width = 1.0

  func validate() throws {
    for (option, problem) in [
      ("--input-size", InputLimits.problem(inputSize, in: InputLimits.inputSize)),
      ("--classes", InputLimits.problem(classes, in: InputLimits.classes)),
      ("--width", InputLimits.problem(width, in: InputLimits.width)),
    ] {
      if let problem { throw ValidationError("\(option) \(problem)") }
    }
  }

  func run() throws {
    print("architecture      parameters        MACs/image  description")
    for row in ZooListing.rows(inputSize: inputSize, classes: classes, width: width) {
      let name = row.architecture.padding(toLength: 16, withPad: " ", startingAt: 0)
      guard let parameters = row.parameterCount, let macs = row.macs else {
        print("\(name)  (input \(inputSize) px is too small)")
        continue
      }
      print(name + leftPad(parameters, 12) + leftPad(macs, 18) + "  " + row.summary)
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
