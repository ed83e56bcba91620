import ArgumentParser
import Foundation
import Pipeline
import Results

struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show a grid's done, failed, missing and unavailable cells.")

  @OptionGroup var options: GridOptions
  @Flag(help: "List every cell, not only the counts and the failures.") var all = false

  func run() throws {
    let spec = try options.spec()
    let plan = options.plan(for: spec)
    var counts: [GridPlan.State: Int] = [:]
    for entry in plan.entries { counts[entry.state, default: 0] += 1 }
    print(
      "grid \(spec.name): \(plan.entries.count) cells: \(counts[.done] ?? 0) done, \(counts[.failed] ?? 0) failed, \(counts[.missing] ?? 0) missing, \(counts[.unavailable] ?? 0) unavailable on this machine"
    )
    let store = options.store(for: spec)
    for entry in plan.entries where all || entry.state == .failed || entry.state == .unavailable {
      var detail = ""
      if entry.state == .failed, let id = entry.id,
        let result = try? ResultStore.read(store.url(of: id))
      {
        detail = ": \(result.error ?? "")"
      } else if let reason = entry.reason {
        detail = ": \(reason)"
      }
      print("  \(entry.state.rawValue) \(entry.id ?? "-") \(entry.cell.label)\(detail)")
    }
    if !plan.orphans.isEmpty {
      print(
        "\(plan.orphans.count) result file(s) in \(store.folder.path) belong to no cell of the grid as it is now (an older grid or code version): \(plan.orphans.prefix(5).joined(separator: ", "))\(plan.orphans.count > 5 ? ", …" : "")"
      )
    }
  }
}
