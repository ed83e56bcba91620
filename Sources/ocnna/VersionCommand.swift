import ArgumentParser
import Pipeline
import Results

struct VersionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "version", abstract: "Print the version and the numeric back end in use.")

  func run() {
    print("ocnna \(BuildInfo.version)")
    print("threads: \(Machine.threadCount)")
    print("GEMM kernel: \(Machine.gemmKernel)")
  }
}
