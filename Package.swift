// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Every module sees only the members of what it imports itself, so that a target's
/// boundaries are the compiler's to keep, not a convention.
let boundaries: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

/// Numeric code is 10–1000× slower without optimisation, so the library targets are
/// optimised in every configuration (a root package may use unsafe flags; `-wmo` breaks
/// the build, so it is left out).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])] + boundaries

let package = Package(
  name: "ocnna",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ocnna", targets: ["ocnna"]),
    .library(name: "Engine", targets: ["Engine"]),
  ],
  traits: [
    .trait(
      name: "OpenBLAS",
      description:
        "Links Debian's libopenblas-dev so that `ocnna bench gemm` measures OpenBLAS beside ocnna's own kernels. Off by default: the engine needs no system BLAS."
    )
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  targets: [
    .systemLibrary(
      name: "COpenBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    .systemLibrary(name: "CMalloc"),
    .target(
      name: "CKernels",
      cSettings: [.unsafeFlags(["-O2"])]
    ),
    // The strict JSON check every reader of a project file runs first (line, column, JSON
    // path; repeated keys refused): below the engine so that checkpoints use it too.
    .target(name: "StrictJSON", swiftSettings: optimised),
    .target(
      name: "Engine",
      dependencies: [
        "CMalloc", "CKernels", "StrictJSON",
        .target(name: "COpenBLAS", condition: .when(traits: ["OpenBLAS"])),
      ],
      swiftSettings: optimised),
    .target(
      name: "CCodecs",
      cSettings: [.unsafeFlags(["-O2"])],
      linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("z")]
    ),
    // The result format and the catalogues of names: Foundation (and the strict JSON check)
    // only, so that the report builds without the engine.
    .target(name: "Results", dependencies: ["StrictJSON"], swiftSettings: optimised),
    .target(
      name: "Datasets", dependencies: ["Engine", "CCodecs", "Results"], swiftSettings: optimised),
    .target(name: "Models", dependencies: ["Engine", "Results"], swiftSettings: optimised),
    .target(name: "Pruning", dependencies: ["Engine", "Results"], swiftSettings: optimised),
    .target(
      name: "Pipeline",
      dependencies: ["Engine", "Datasets", "Models", "Pruning", "Results"],
      swiftSettings: optimised
    ),
    .target(
      name: "Report",
      dependencies: ["Results", .product(name: "Mustache", package: "swift-mustache")],
      swiftSettings: optimised
    ),
    // The preview server: Hummingbird on SwiftNIO, whose HTTP parser enforces the request
    // limits and idle timeouts a hand-rolled server got wrong.
    .target(
      name: "Preview",
      dependencies: [
        "Report", .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
      ],
      swiftSettings: optimised
    ),
    .executableTarget(
      name: "ocnna",
      dependencies: [
        "Pipeline", "Preview", "Report", "Results",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: optimised
    ),
    .target(name: "TestSupport", dependencies: ["Engine"], swiftSettings: optimised),
    .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"], swiftSettings: boundaries),
    .testTarget(
      name: "EngineTests", dependencies: ["Engine", "CKernels", "TestSupport"],
      swiftSettings: boundaries),
    .testTarget(
      name: "DatasetsTests", dependencies: ["Datasets", "Engine", "Results", "TestSupport"],
      swiftSettings: boundaries),
    .testTarget(
      name: "ModelsTests", dependencies: ["Engine", "Models", "Results", "TestSupport"],
      swiftSettings: boundaries),
    .testTarget(
      name: "PruningTests",
      dependencies: ["Pruning", "Models", "Engine", "Results", "TestSupport"],
      swiftSettings: boundaries),
    .testTarget(
      name: "ReportTests", dependencies: ["Report", "Results", "TestSupport"],
      exclude: ["Fixtures", "Snapshots"], swiftSettings: boundaries),
    .testTarget(
      name: "PipelineTests",
      dependencies: [
        "Pipeline", "Datasets", "Models", "Pruning", "Engine", "Results", "TestSupport",
      ],
      exclude: ["Fixtures"], swiftSettings: boundaries),
    .testTarget(
      name: "OCNNACommandTests",
      dependencies: [
        "ocnna", "Engine", "Models", "Report", "Results", "TestSupport",
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: boundaries),
  ],
  swiftLanguageModes: [.v5]
)

// libFuzzer targets, built only by `Scripts/fuzz` (OCNNA_FUZZ=1, its own build folder, the
// sanitizer flags on its command line): each feeds one reader of untrusted bytes through
// LLVMFuzzerRunDriver. Never part of a normal build or of CI.
if ProcessInfo.processInfo.environment["OCNNA_FUZZ"] != nil {
  let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("Checkpoint", ["Engine"]),
    ("ResultFile", ["Results"]),
    ("GridFile", ["Pipeline", "Results"]),
    ("RecordedMethodFile", ["Report"]),
    ("Image", ["Datasets"]),
    ("Tar", ["Datasets"]),
    ("SitePath", ["Report"]),
    ("JSONSyntax", ["StrictJSON"]),
  ]
  package.targets.append(.target(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"))
  for (name, dependencies) in fuzzTargets {
    package.targets.append(
      .executableTarget(
        name: "Fuzz\(name)", dependencies: dependencies + ["CFuzzerDriver"],
        path: "Fuzz/\(name)", swiftSettings: boundaries))
  }
}
