import ArgumentParser
import Foundation
import Pipeline
import Results

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Top-1, top-5 and per-class accuracy of a checkpoint on a dataset's test split.")

  @OptionGroup var source: CheckpointOptions
  @OptionGroup var data: DatasetOptions
  @OptionGroup var threading: ThreadOptions
  @Option(help: "The split to evaluate.") var split = "test"
  @Option(help: "Also write the evaluation as JSON to this file.") var json: String?

  func run() throws {
    threading.apply()
    let line = ProgressLine()
    let outcome = try CheckpointEvaluation.run(
      source.checkpointSource, on: data.datasetSource, split: split
    ) { done, total in
      line.update(
        "evaluating \(ProgressLine.bar(Double(done) / Double(total))) batch \(done)/\(total)")
    }
    line.finish()
    let result = outcome.evaluation
    print("\(outcome.datasetName) \(split): \(result.count) images")
    print(
      "top-1 \(String(format: "%.2f", 100 * result.top1))% (\(result.top1Correct)/\(result.count)), top-5 \(String(format: "%.2f", 100 * result.top5))% (\(result.top5Correct)/\(result.count)), loss \(String(format: "%.4f", result.loss))"
    )
    print("per class:")
    for c in result.perClass {
      print(
        "  \(c.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", 100 * c.accuracy))%  (\(c.correct)/\(c.count))"
      )
    }
    if let json { try JSONFile.write(result, to: URL(fileURLWithPath: json)) }
  }
}
