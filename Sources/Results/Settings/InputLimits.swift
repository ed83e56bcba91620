/// The largest (and smallest) sizes a user may ask for, on the command line or in a grid.
///
/// Each bound keeps a request within what this machine kind (2 cores, 24 GiB) can carry
/// out, so that a typo such as an extra zero is an error naming the limit instead of an
/// allocation failure minutes later. One table, read by the command-line checks, grid
/// parsing and the model zoo.
public enum InputLimits {
  /// Width multipliers of zoo architectures (VGG-16 ×4 has 240 M parameters).
  public static let width: ClosedRange<Double> = 0.01...4
  /// Square input sizes in pixels.
  public static let inputSize: ClosedRange<Int> = 1...512
  /// Classes of a classifier head.
  public static let classes: ClosedRange<Int> = 2...100_000
  /// Images of the generated synthetic training split.
  public static let syntheticImages: ClosedRange<Int> = 1...1_000_000
  /// Images per class of a balanced subset.
  public static let imagesPerClass: ClosedRange<Int> = 1...1_000_000
  /// Threads of the engine.
  public static let threads: ClosedRange<Int> = 1...256
  /// Seeds of one grid.
  public static let seeds: ClosedRange<Int> = 1...1_000
  /// Calibration images.
  public static let calibrationImages: ClosedRange<Int> = 1...100_000

  /// "must be in 1…512, got 100000" for a value outside `range`, or nil.
  public static func problem<T: Comparable>(_ value: T, in range: ClosedRange<T>) -> String? {
    range.contains(value) ? nil : "must be in \(range.lowerBound)…\(range.upperBound), got \(value)"
  }
}
