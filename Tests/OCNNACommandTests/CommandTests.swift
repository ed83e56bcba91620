import Engine
import Foundation
import TestSupport
import Testing

/// Runs the built `ocnna` executable as a user would.
struct CommandTests {
  /// The `ocnna` binary beside the test bundle in the build folder.
  static var executable: URL {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("ocnna").path),
      url.path != "/"
    {
      url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("ocnna")
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (
    status: Int32, output: String, error: String
  ) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: out, as: UTF8.self),
      String(decoding: err, as: UTF8.self)
    )
  }

  @Test func helpListsTheCommands() throws {
    let result = try Self.run(["--help"])
    #expect(result.status == 0)
    for command in ["version", "inspect-checkpoint", "bench"] {
      #expect(result.output.contains(command))
    }
  }

  @Test func versionNamesTheGEMMKernel() throws {
    let result = try Self.run(["version"], environment: ["OCNNA_GEMM": ""])
    #expect(result.status == 0)
    #expect(result.output.contains("GEMM kernel: \(GEMM.Kernel.fastestAvailable.displayName)"))
    #expect(!result.output.contains("OpenBLAS"))
  }

  /// `OCNNA_GEMM` picks a slower kernel; an unknown name is reported and ignored.
  @Test func gemmKernelIsSelectedByTheEnvironment() throws {
    let portable = try Self.run(["version"], environment: ["OCNNA_GEMM": "portable"])
    #expect(portable.output.contains("GEMM kernel: ocnna portable C 4×16"))
    let unknown = try Self.run(["version"], environment: ["OCNNA_GEMM": "openblas"])
    #expect(unknown.status == 0)
    #expect(unknown.error.contains("OCNNA_GEMM=openblas is not one of portable, avx2, avx512"))
    #expect(unknown.output.contains(GEMM.Kernel.fastestAvailable.displayName))
  }

  @Test(
    .enabled(
      if: SharedData.has("pretrained/resnet20.safetensors"),
      "../shared/data/pretrained/resnet20.safetensors is not present (a fresh clone has no ../shared)"
    ))
  func inspectCheckpointListsTheSharedResNet20() throws {
    let url = try #require(SharedData.file("pretrained/resnet20.safetensors"))
    let result = try Self.run(["inspect-checkpoint", url.path])
    #expect(result.status == 0)
    #expect(result.output.contains("97 tensors"))
    #expect(result.output.contains("layer3.2.bn2.running_var"))
    #expect(result.output.contains("source: akamaster/pytorch_resnet_cifar10"))
  }

  @Test func badCheckpointIsAClearErrorWithoutAStackTrace() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("broken.safetensors")
    try Data([0xFF, 0, 0, 0, 0, 0, 0, 0, 0x7B]).write(to: url)
    let result = try Self.run(["inspect-checkpoint", url.path])
    #expect(result.status != 0)
    #expect(result.error.contains("broken.safetensors"))
    #expect(result.error.contains("Fix:"))
    #expect(!result.error.contains("Stack"))
  }

  @Test func benchEngineRunsOneSmallNetwork() throws {
    let result = try Self.run([
      "bench", "engine", "--only", "/8", "--batch", "8", "--steps", "1", "--warmup", "0",
    ])
    #expect(result.status == 0)
    #expect(result.output.contains("vgg16-bn/8"))
    #expect(result.output.contains("GEMM: \(GEMM.Kernel.fastestAvailable.displayName)"))
  }
}

/// Training and evaluation through the command line.
struct TrainCommandTests {
  @Test func trainWritesACheckpointAndASummaryThatEvalReads() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let out = directory.file("run").path
    let result = try CommandTests.run([
      "train", "--model", "resnet20", "--width", "0.5", "--synthetic-count", "200", "--epochs", "1",
      "--batch", "50", "--out", out,
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("test top-1"))
    let summary =
      try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("run/summary.json")))
      as? [String: Any]
    #expect(summary?["schemaVersion"] as? Int == 1)
    #expect((summary?["epochs"] as? [Any])?.count == 1)
    let evaluation = try CommandTests.run([
      "eval", "--checkpoint", directory.file("run/model.safetensors").path, "--synthetic-count",
      "200",
    ])
    #expect(evaluation.status == 0, "\(evaluation.error)")
    #expect(evaluation.output.contains("top-1"))
    #expect(evaluation.output.contains("per class:"))
  }

  @Test func ctrlCLeavesTheLastCompleteCheckpointIntact() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let process = Process()
    process.executableURL = CommandTests.executable
    process.arguments = [
      "train", "--model", "resnet20", "--width", "0.5", "--synthetic-count", "400", "--epochs",
      "50",
      "--batch", "50", "--out", directory.file("run").path,
    ]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let checkpoint = directory.file("run/model.safetensors")
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: checkpoint.path) && Date() < deadline
      && process.isRunning
    {
      Thread.sleep(forTimeInterval: 0.1)
    }
    process.interrupt()
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    let summary =
      try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("run/summary.json")))
      as? [String: Any]
    #expect(summary?["interrupted"] as? Bool == true)
    let parsed = try CommandTests.run(["inspect-checkpoint", checkpoint.path])
    #expect(parsed.status == 0)
    #expect(parsed.output.contains("ocnna.epoch"))
  }

  @Test func unknownNamesAreClearErrors() throws {
    let model = try CommandTests.run(["train", "--model", "vgg19", "--epochs", "1"])
    #expect(model.status != 0)
    #expect(model.error.contains("vgg19") && model.error.contains("Fix:"))
    let dataset = try CommandTests.run([
      "train", "--model", "resnet20", "--dataset", "mnist", "--epochs", "1",
    ])
    #expect(dataset.status != 0)
    #expect(dataset.error.contains("mnist"))
  }

  /// Sizes beyond what the machine can carry out are refused up front, naming the limit,
  /// instead of failing to allocate later; `train` needs an explicit model.
  @Test(arguments: [
    ["train", "--model", "vgg16", "--synthetic-count", "10000000000"],
    ["train", "--model", "vgg16", "--limit", "0"],
    ["models", "--input-size", "100000"],
    ["models", "--width", "8"],
    ["models", "--classes", "1"],
    ["eval", "--checkpoint", "x.safetensors", "--threads", "0"],
    ["eval", "--checkpoint", "x.safetensors", "--threads", "100000"],
  ])
  func sizesBeyondTheLimitsAreRefused(arguments: [String]) throws {
    let result = try CommandTests.run(arguments)
    #expect(result.status != 0)
    #expect(result.error.contains("must be in"), "\(result.error)")
  }

  /// Names that match nothing are errors, not silent successes.
  @Test func namesThatMatchNothingAreErrors() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let history = try CommandTests.run([
      "history", "record", "nosuch", "--date", "2026-01-01", "--data", folder.url.path,
    ])
    #expect(history.status != 0 && history.error.contains("no results folder"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("history").path))
    let verify = try CommandTests.run(["datasets", "verify", "nosuch"])
    #expect(verify.status != 0 && verify.error.contains("not a known dataset"))
    let compare = try CommandTests.run(["compare", "a", "b", "--threshold", "nan"])
    #expect(compare.status != 0 && compare.error.contains("--threshold"))
  }

  /// Every error a user can cause is in the project's words: exit 2 for a command typed
  /// wrong, 1 for bad data, and never a Foundation error domain, a decoding error's
  /// internals or a crash.
  @Test func errorsAreInTheProjectsWordsWithExitCodesOneOrTwo() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try Data("{\"schemaVersion\": 1,".utf8).write(to: folder.file("cut.json"))
    try Data("not json".utf8).write(to: folder.file("words.json"))
    try Data([0xFF, 0xFE, 0x00]).write(to: folder.file("binary.json"))
    try FileManager.default.createDirectory(
      at: folder.file("results"), withIntermediateDirectories: true)
    try Data("{\"id\": 1, \"id\": 2}".utf8).write(to: folder.file("results/0123456789abcdef.json"))
    let cases: [(arguments: [String], status: Int32, says: String)] = [
      (["run", folder.file("cut.json").path, "--dry-run"], 1, "line 1, column 21"),
      (["run", folder.file("words.json").path, "--dry-run"], 1, "line 1, column 1"),
      (["run", folder.file("binary.json").path, "--dry-run"], 1, "binary.json"),
      (["run", folder.file("none.json").path, "--dry-run"], 1, "cannot be read"),
      (["eval", "--checkpoint", folder.file("none.safetensors").path], 1, "does not exist"),
      (["eval", "--checkpoint", folder.file("cut.json").path], 1, "safetensors"),
      (
        ["compare", folder.file("cut.json").path, folder.file("words.json").path], 1, "not a folder"
      ),
      (["compare", folder.file("results").path, folder.file("results").path], 1, "appears twice"),
      (["migrate", folder.file("none").path], 1, "not a folder of results"),
      (["baselines", "validate", "--data", folder.file("none").path], 1, "is not a folder"),
      (["models", "--input-size", "abc"], 2, "--input-size"),
      (["nosuch"], 2, "nosuch"),
      (["prune", "--checkpoint", "x", "--policy", "magic"], 2, "--policy"),
    ]
    for (arguments, status, says) in cases {
      let result = try CommandTests.run(arguments)
      #expect(result.status == status, "\(arguments): \(result.status) \(result.error)")
      #expect(result.error.contains(says), "\(arguments): \(result.error)")
      for leak in [
        "NSCocoaErrorDomain", "Error Domain", "DecodingError", "codingPath", "Fatal error",
        "The operation could not be completed", "UserInfo",
      ] {
        #expect(!result.error.contains(leak), "\(arguments) printed \(leak): \(result.error)")
      }
    }
  }

  @Test func trainNeedsAModel() throws {
    let result = try CommandTests.run(["train", "--epochs", "1"])
    #expect(result.status != 0)
    #expect(result.error.contains("--model"))
  }

  @Test func modelsListsTheZoo() throws {
    let result = try CommandTests.run(["models"])
    #expect(result.status == 0)
    #expect(result.output.contains("14,986,698"))
    #expect(result.output.contains("mobilenet-v1"))
  }
}
