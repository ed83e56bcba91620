import ArgumentParser
import Foundation
import Pipeline
import Results

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare two result folders: per cell and per trade-off curve.",
    discussion: """
      Cells are matched by their label; curves (architecture, data, method) are summarised \
      by the drop interpolated at RPR 0.5, 0.25 and 0.1 and the mean drop over RPR 0.1–0.5 \
      (log scale). A change is flagged when it exceeds its tolerance: the 95 % half-width \
      that the seed spread measured on both sides gives it (Student's t), or --threshold \
      where a side has fewer than two seeds of that operating point. \
      Exits with 1 when something got worse, so CI can gate on it.
      """)

  @Argument(help: "The earlier results folder.") var before: String
  @Argument(help: "The later results folder.") var after: String
  @Option(
    help:
      "Accuracy-drop change, in points, below which nothing is flagged where a side has fewer than two seeds (else the seed spread sets the bar)."
  )
  var threshold = 1.0

  func validate() throws {
    guard threshold.isFinite, threshold >= 0 else {
      throw ValidationError("--threshold must be a finite number of points ≥ 0, got \(threshold)")
    }
  }
  @Flag(help: "Print Markdown (for a CI job summary).") var markdown = false
  @Flag(help: "List every cell, not only flagged ones.") var all = false

  func run() throws {
    func load(_ path: String) throws -> [RunResult] {
      let url = URL(fileURLWithPath: path, isDirectory: true)
      guard url.isExistingFolder else {
        throw TaskError("\(path) is not a folder of results; name one, e.g. Data/results/quick")
      }
      let (results, errors) = ResultStore(folder: url).readAll()
      guard errors.isEmpty else {
        throw TaskError(errors.map(\.description).joined(separator: "\n"))
      }
      return results
    }
    let comparison = ResultComparison(
      before: try load(before), after: try load(after), threshold: threshold)
    print(ComparisonReport(comparison, showAll: all).render(markdown: markdown))
    if comparison.regressed { throw ExitCode(1) }
  }
}
