import ArgumentParser
import Foundation
import Pipeline
import Results

/// The options that name a dataset and where its files are.
struct DatasetOptions: ParsableArguments {
  @Option(
    help:
      "The dataset: synthetic, cifar10, cifar100, fashion-mnist, cifar10-jpeg, cifar100-png, or NAME:PATH / folder:PATH."
  )
  var dataset = "synthetic"

  @Option(
    help: "The cache folder (default: $OCNNA_CACHE, $XDG_CACHE_HOME/ocnna or ~/.cache/ocnna).")
  var cache: String?

  @Option(help: "Use a balanced subset of this many training images per class.")
  var limit: Int?

  @Option(help: "Images per split of the synthetic dataset (train; test gets a fifth).")
  var syntheticCount: Int?

  func validate() throws {
    if let limit, let problem = InputLimits.problem(limit, in: InputLimits.imagesPerClass) {
      throw ValidationError("--limit (images per class) \(problem)")
    }
    if let syntheticCount,
      let problem = InputLimits.problem(syntheticCount, in: InputLimits.syntheticImages)
    {
      throw ValidationError("--synthetic-count \(problem)")
    }
  }

  /// The cache root (datasets and trained originals beneath it).
  var cacheRoot: URL { CacheLocation.root(cache) }

  var datasetSource: DatasetSource {
    DatasetSource(
      reference: dataset, cacheRoot: cacheRoot, limitPerClass: limit,
      syntheticCount: syntheticCount)
  }
}
