import ArgumentParser
import Foundation
import Pipeline
import Results

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine result folders (from shards or machines) into one.",
    discussion:
      "Idempotent: identical files are skipped. Two files with the same id and different content are reported and the one in --into is kept; the command then exits with 1."
  )

  @Argument(help: "Result folders to copy from.") var sources: [String]
  @Option(help: "The folder to merge into, e.g. Data/results/quick.") var into: String

  func validate() throws {
    guard !sources.isEmpty else { throw ValidationError("name at least one folder to merge") }
  }

  func run() throws {
    let report = try ResultMerge.merge(
      sources.map { URL(fileURLWithPath: $0, isDirectory: true) },
      into: URL(fileURLWithPath: into, isDirectory: true))
    print(
      "merged into \(into): \(report.copied.count) copied, \(report.identical) already there, \(report.conflicts.count) conflicting, \(report.unreadable.count) unreadable"
    )
    for conflict in report.conflicts { print("conflict: \(conflict)") }
    for error in report.unreadable { print("skipped: \(error)") }
    if !report.conflicts.isEmpty || !report.unreadable.isEmpty { throw ExitCode(1) }
  }
}
