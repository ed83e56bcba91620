import ArgumentParser
import Foundation
import Pipeline
import Results

/// The options that find a grid, its results and the caches.
struct GridOptions: ParsableArguments {
  @Argument(help: "A grid in Data/grids (quick, cifar10-cpu, paper) or a path to a grid file.")
  var grid: String

  @Option(help: "The data folder holding grids/ and results/.") var data = "Data"

  @Option(
    help:
      "The cache root for datasets and trained originals (default: $OCNNA_CACHE, $XDG_CACHE_HOME/ocnna or ~/.cache/ocnna)."
  )
  var cache: String?

  var dataFolder: URL { URL(fileURLWithPath: data, isDirectory: true) }

  var cacheRoot: URL {
    CacheLocation.root(cache)
  }

  /// The grid spec, read strictly.
  func spec() throws -> GridSpec {
    try GridSpec.read(GridSpec.locate(grid, in: dataFolder.appendingPathComponent("grids")))
  }

  /// The grid's results folder.
  func store(for spec: GridSpec) -> ResultStore { ResultStore(data: dataFolder, grid: spec.name) }

  /// Expands the grid and looks up its results, logging dataset loading.
  func plan(for spec: GridSpec) -> GridPlan {
    GridPlan.make(
      spec, store: store(for: spec), cache: CacheLocation.datasets(cache),
      log: { print("- \($0)") })
  }
}
