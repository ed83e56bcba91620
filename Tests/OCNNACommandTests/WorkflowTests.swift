import Foundation
import TestSupport
import Testing
import Yams

/// The GitHub Actions workflows parse, and every `ocnna` command they call exists.
struct WorkflowTests {
  static let folder = SharedData.projectRoot.appendingPathComponent(".github/workflows")

  /// Every `run:` script in a parsed workflow.
  static func scripts(_ node: Any) -> [String] {
    if let map = node as? [String: Any] {
      return map.flatMap { key, value in
        key == "run" ? [value as? String ?? ""] : scripts(value)
      }
    }
    if let list = node as? [Any] { return list.flatMap(scripts) }
    return []
  }

  @Test(arguments: ["ci.yml", "nightly.yml"])
  func workflowParsesAndItsCommandsExist(name: String) throws {
    let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    let workflow = try #require(try Yams.load(yaml: text) as? [String: Any])
    #expect(workflow["jobs"] is [String: Any])
    #expect(workflow["on"] != nil, "a workflow names its triggers")
    let scripts = Self.scripts(workflow)
    #expect(!scripts.isEmpty)
    var commands: Set<[String]> = []
    for script in scripts {
      for line in script.split(separator: "\n") {
        let words = line.split(separator: " ").map(String.init)
        for (i, word) in words.enumerated() where word.hasSuffix("ocnna") && word != "ocnna-cache" {
          // The subcommand and, for command groups, its sub-subcommand.
          let rest = words.dropFirst(i + 1).prefix(2).filter {
            !$0.hasPrefix("-") && !$0.hasPrefix("\"") && !$0.hasPrefix("$")
          }
          if let first = rest.first {
            commands.insert(Array(rest.prefix(first == "history" ? 2 : 1)))
          }
        }
      }
    }
    if name == "nightly.yml" {
      for expected in [["run"], ["merge"], ["compare"], ["site"], ["history", "record"]] {
        #expect(
          commands.contains(expected), "nightly calls ocnna \(expected.joined(separator: " "))")
      }
    }
    for command in commands.sorted(by: { $0.joined() < $1.joined() }) {
      let result = try CommandTests.run(command + ["--help"])
      #expect(
        result.status == 0,
        "ocnna \(command.joined(separator: " ")) does not exist: \(result.error)")
    }
  }
}
