import ArgumentParser
import Foundation
import Pipeline
import Report
import Results

struct BaselinesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "baselines",
    abstract: "Recorded (published) methods in Data/baselines: import, validate, new.",
    subcommands: [Import.self, Validate.self, New.self])

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Convert ../shared/reference/baselines.csv into one JSON file per method.")
    @Argument(help: "The CSV file.") var csv = "../shared/reference/baselines.csv"
    @Option(help: "The folder to write.") var out = "Data/baselines"

    func run() throws {
      let methods = try BaselineImport.run(
        csv: URL(fileURLWithPath: csv), into: URL(fileURLWithPath: out, isDirectory: true))
      print(
        "\(methods.count) methods, \(methods.reduce(0) { $0 + $1.entries.count }) results written to \(out), checked with the files already there"
      )
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check every recorded-method file (types, unknown fields, plausible numbers).")
    @Option(help: "The data folder.") var data = "Data"

    func run() throws {
      let folder = URL(fileURLWithPath: data).appendingPathComponent("baselines")
      guard folder.isExistingFolder else {
        throw TaskError(
          "\(folder.path) is not a folder; name the data folder that holds baselines/ with --data")
      }
      let methods = try BaselineValidation.readAll(folder)
      print(
        "\(methods.count) recorded methods, \(methods.reduce(0) { $0 + $1.entries.count }) results: valid"
      )
    }
  }

  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a valid skeleton for a new published method, to fill in.")
    @Argument(help: "The method's name.") var name: String
    @Option(help: "The data folder.") var data = "Data"

    func run() throws {
      let url = URL(fileURLWithPath: data).appendingPathComponent(
        "baselines/\(RecordedMethod.slug(name)).json")
      guard !FileManager.default.fileExists(atPath: url.path) else {
        throw TaskError("\(url.path) exists already; edit it instead")
      }
      try JSONFile.write(BaselineCSV.skeleton(method: name), to: url)
      print(
        "wrote \(url.path): replace every example value (citation, entries, source), then run `ocnna baselines validate`"
      )
    }
  }
}
