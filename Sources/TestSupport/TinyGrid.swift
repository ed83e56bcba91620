import Foundation

/// A grid small enough for tests: a narrow VGG-16 on 160 generated images, two methods
/// at two ratios, one short fine-tuning epoch. Each cell takes well under a second.
public enum TinyGrid {
  /// The grid's JSON.
  ///
  /// With `protocolTwo`, the cells are measured in the literature scope with BatchNorm
  /// re-estimated on 32 images and the `short` fine-tuning preset.
  public static func json(
    name: String = "tiny", seeds: [Int] = [0], methods: [String] = ["l1", "random"],
    protocolTwo: Bool = false
  ) -> String {
    let fineTuning =
      protocolTwo
      ? #"{ "preset": "short" },"# + "\n"
        + #"  "protocol": { "scope": "literature", "batchNormImages": 32 },"#
      : #"{ "mode": "kd", "epochs": 1, "batchSize": 32 },"#
    return """
      {
        "schemaVersion": 1,
        "name": "\(name)",
        "architectures": [{ "architecture": "vgg16", "width": 0.0625 }],
        "datasets": [{ "name": "synthetic", "syntheticCount": 160 }],
        "original": { "train": { "epochs": 1, "batchSize": 32, "learningRate": 0.05 } },
        "pruning": [
          { "methods": [\(methods.map { "\"\($0)\"" }.joined(separator: ", "))], "policy": "ratio", "values": [0.25, 0.5] }
        ],
        "fineTuning": \(fineTuning)
        "seeds": \(seeds),
        "calibration": 32
      }
      """
  }

  /// Writes the grid into `folder/grids/<name>.json` and returns its URL.
  @discardableResult
  public static func write(
    into folder: URL, name: String = "tiny", seeds: [Int] = [0],
    methods: [String] = ["l1", "random"], protocolTwo: Bool = false
  ) throws -> URL {
    let url = folder.appendingPathComponent("grids/\(name).json")
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(json(name: name, seeds: seeds, methods: methods, protocolTwo: protocolTwo).utf8).write(
      to: url)
    return url
  }
}
