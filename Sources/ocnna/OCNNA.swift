import ArgumentParser
import Foundation
import Pipeline
import Results

/// The `ocnna` command: OCNNA pruning and its baselines on a Swift CNN engine.
@main
struct OCNNA: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ocnna",
    abstract:
      "Prune convolutional networks with OCNNA and classic baselines, and report the results.",
    subcommands: [
      VersionCommand.self, ModelsCommand.self, DatasetsCommand.self, TrainCommand.self,
      EvalCommand.self, InspectCommand.self, PruneCommand.self, BaselinesCommand.self,
      InspectCheckpointCommand.self, BenchCommand.self, RunCommand.self, StatusCommand.self,
      MergeCommand.self, MigrateCommand.self, CompareCommand.self, SiteCommand.self,
      HistoryCommand.self,
      ServeCommand.self,
    ]
  )

  /// Line-buffers standard output first, so that progress and log lines reach a file or
  /// a CI log as they happen rather than when a buffer fills. Exit codes: 0 done, 1 a
  /// failure (bad data, a failed run, a regression), 2 a command typed wrong — the Unix
  /// convention, where the argument parser alone would say 64.
  static func main() async {
    setvbuf(stdout, nil, _IOLBF, 0)
    do {
      var command = try parseAsRoot(nil)
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        Foundation.exit(0)
      }
      if !message.isEmpty {
        FileHandle.standardError.write(Data((message + "\n").utf8))
      }
      Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
  }
}

/// Options every compute-heavy command takes.
struct ThreadOptions: ParsableArguments {
  @Option(name: .long, help: "Threads for BLAS and the engine's loops (default: all cores).")
  var threads: Int?

  func validate() throws {
    if let threads, let problem = InputLimits.problem(threads, in: InputLimits.threads) {
      throw ValidationError("--threads \(problem)")
    }
  }

  func apply() {
    if let threads { Machine.setThreadCount(threads) }
  }
}
