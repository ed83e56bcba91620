import Foundation
import Results

/// Which part of a grid one process runs: `--shard i/n` (contiguous blocks of cells, so
/// that the cells of one original mostly land on one machine) and `--only` filters.
public struct CellSelection: Sendable {
  /// 1-based shard index and shard count.
  public var shard: (index: Int, count: Int) = (1, 1)
  /// Field → accepted values; a cell passes when every field matches one of its values.
  public var filters: [String: Set<String>] = [:]

  public static let filterFields = [
    "architecture", "dataset", "method", "policy", "budget", "seed", "id",
  ]

  public init() {}

  /// Parses `i/n` with 1 ≤ i ≤ n.
  public static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
    let parts = text.split(separator: "/").map { Int($0) }
    guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (1...n).contains(i) else {
      throw SpecError(
        path: "--shard", message: "'\(text)' is not i/n with 1 ≤ i ≤ n (for example 2/3)")
    }
    return (i, n)
  }

  /// Parses `field=value[,value…]`.
  public mutating func addFilter(_ text: String) throws {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, Self.filterFields.contains(parts[0]), !parts[1].isEmpty else {
      throw SpecError(
        path: "--only",
        message:
          "'\(text)' is not FIELD=VALUE[,VALUE…] with FIELD one of \(Self.filterFields.joined(separator: ", ")) (for example method=ocnna,l1)"
      )
    }
    let values = parts[1].split(separator: ",").map(String.init)
    if let other = values.first(where: { $0.contains("=") }) {
      // `--only seed=0,architecture=vgg16` would otherwise quietly look for a seed named
      // "architecture=vgg16" and select nothing more than seed 0.
      throw SpecError(
        path: "--only",
        message:
          "'\(text)' puts '\(other)' among the values of \(parts[0]); give each field its own option: --only \(parts[0])=\(values.filter { !$0.contains("=") }.joined(separator: ",")) --only \(other)"
      )
    }
    filters[parts[0], default: []].formUnion(values)
  }

  public func matches(_ cell: RunCell, id: String) -> Bool {
    filters.allSatisfy { field, values in
      switch field {
      case "architecture": values.contains(cell.architecture)
      case "dataset": values.contains(cell.dataset.name)
      // The names grids list: `ocnna` is the paper's reading, `ocnna/raw` another one.
      case "method": values.contains(cell.methodLabel)
      case "policy": values.contains(cell.policy.kindName)
      case "budget": values.contains(Self.budgetName(cell.fineTuning))
      case "seed": values.contains(String(cell.seed))
      default: values.contains(id)
      }
    }
  }

  /// A budget as `--only budget=` names it: the protocol-2 preset it is (`short`, …), or
  /// `custom` for a budget a grid spells out field by field.
  static func budgetName(_ tuning: FineTuning) -> String {
    var unseeded = tuning
    unseeded.recipe.seed = 0
    return FineTuning.Preset.allCases.first { $0.fineTuning == unseeded }?.rawValue ?? "custom"
  }

  /// The part of `items` (in grid order) this shard runs.
  func shardSlice<T>(_ items: [T]) -> ArraySlice<T> {
    let start = items.count * (shard.index - 1) / shard.count
    let end = items.count * shard.index / shard.count
    return items[start..<end]
  }
}
