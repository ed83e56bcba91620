// swift-tools-version: 6.1
import PackageDescription

/// Numeric code is 10–1000× slower without optimisation, so the library targets are
/// optimised in every configuration (a root package may use unsafe flags; `-wmo` breaks
/// the build, so it is left out).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
  name: "ocnna",
  platforms: [.macOS(.v13)],
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
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
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
    .target(
      name: "Engine",
      dependencies: [
        "CMalloc", "CKernels", .target(name: "COpenBLAS", condition: .when(traits: ["OpenBLAS"])),
      ],
      swiftSettings: optimised),
    .target(
      name: "CCodecs",
      cSettings: [.unsafeFlags(["-O2"])],
      linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("z")]
    ),
    .target(name: "Datasets", dependencies: ["Engine", "CCodecs"], swiftSettings: optimised),
    .target(name: "Models", dependencies: ["Engine"], swiftSettings: optimised),
    .target(name: "Pruning", dependencies: ["Engine", "Models"], swiftSettings: optimised),
    .target(
      name: "Pipeline",
      dependencies: ["Engine", "Datasets", "Models", "Pruning"],
      swiftSettings: optimised
    ),
    .target(
      name: "Report",
      dependencies: ["Pipeline", .product(name: "Mustache", package: "swift-mustache")],
      swiftSettings: optimised
    ),
    .executableTarget(
      name: "ocnna",
      dependencies: [
        "Engine", "Datasets", "Models", "Pruning", "Pipeline", "Report",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "FlyingFox", package: "FlyingFox"),
      ],
      swiftSettings: optimised
    ),
    .target(name: "TestSupport", dependencies: ["Engine"], swiftSettings: optimised),
    .testTarget(name: "EngineTests", dependencies: ["Engine", "CKernels", "TestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Engine", "TestSupport"]),
    .testTarget(name: "ModelsTests", dependencies: ["Engine", "Models", "TestSupport"]),
    .testTarget(
      name: "PruningTests", dependencies: ["Pruning", "Models", "Engine", "TestSupport"]),
    .testTarget(
      name: "ReportTests", dependencies: ["Report", "Pipeline", "Pruning", "TestSupport"],
      exclude: ["Fixtures", "Snapshots"]),
    .testTarget(
      name: "PipelineTests",
      dependencies: ["Pipeline", "Datasets", "Models", "Engine", "TestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "OCNNACommandTests",
      dependencies: [
        "ocnna", "Engine", "Models", "Report", "TestSupport",
        .product(name: "Yams", package: "Yams"),
      ]),
  ],
  swiftLanguageModes: [.v5]
)
