import ArgumentParser
import Foundation
import Pipeline
import Results

struct MigrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract: "Rewrite stored results of older schema versions in the current one.",
    discussion: """
      Reading already migrates every older file; this makes the stored files say what the \
      code reads, so that a diff of Data/results shows the format change once. Each file \
      is rewritten atomically; current files and unreadable ones are left as they are \
      (unreadable ones are listed, and the command then exits with 1).
      """)

  @Argument(
    help:
      "Result folders, e.g. Data/results/cifar10-cpu (default: every folder under Data/results).")
  var folders: [String] = []

  func run() throws {
    let targets =
      folders.isEmpty
      ? ((try? FileManager.default.contentsOfDirectory(atPath: "Data/results")) ?? []).sorted()
        .map { "Data/results/\($0)" }.filter { URL(fileURLWithPath: $0).isExistingFolder } : folders
    guard !targets.isEmpty else {
      throw TaskError("no result folders: name one, or run from the project's root")
    }
    var failed = false
    for folder in targets {
      guard URL(fileURLWithPath: folder).isExistingFolder else {
        throw TaskError("\(folder) is not a folder of results")
      }
      let outcome = ResultStore(folder: URL(fileURLWithPath: folder, isDirectory: true))
        .migrateAll()
      print(
        "\(folder): \(outcome.migrated.count) migrated to version \(RunResult.currentSchemaVersion), \(outcome.current) already current, \(outcome.errors.count) unreadable"
      )
      for error in outcome.errors { print("unreadable: \(error)") }
      failed = failed || !outcome.errors.isEmpty
    }
    if failed { throw ExitCode(1) }
  }
}
