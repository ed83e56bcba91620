import Foundation
import Results

/// The methodology page's budgets and originals: every fine-tuning budget the results
/// used, in image passes and SGD steps, beside the budgets the published methods state;
/// and the original networks with their accuracies — all read from the results and the
/// recorded methods' files, none written by hand.
struct MethodologyBudgets {
  struct Measured {
    var budget: String
    var label: String
    var results: Int
    var grids: String
  }

  struct Published {
    var method: String
    var methodSlug: String
    var scope: String
    var budget: String
    var recipe: String
    var source: String
    var sourceURL: String?
  }

  struct Original {
    var pair: String
    var scale: String
    var top1: String
    var results: Int
  }

  var measured: [Measured]
  var published: [Published]
  var originals: [Original]

  init(model: ReportModel) {
    // One pass, each budget and original worked out once from its first result.
    var budgets: [String: (first: Int, count: Int, grids: Set<String>)] = [:]
    var originals: [String: (first: Int, count: Int, top1: Double)] = [:]
    for (index, result) in model.results.enumerated() where result.status == .done {
      let label = result.budgetLabel
      budgets[label, default: (index, 0, [])].count += 1
      budgets[label]!.grids.insert(result.grid)
      guard let metrics = result.metrics else { continue }
      let pair = Pair(
        architecture: Families.architecture(result.cell.architecture),
        dataset: Families.dataset(result.cell.dataset.name))
      let key = "\(pair.title)|\(result.original?.identity ?? result.scaleLabel)"
      originals[key, default: (index, 0, 0)].count += 1
      originals[key]!.top1 += metrics.originalTop1
    }
    measured = budgets.keys.sorted().map { label in
      let budget = budgets[label]!
      return Measured(
        budget: FineTuningBudget(model.results[budget.first]).description, label: label,
        results: budget.count, grids: budget.grids.sorted().joined(separator: ", "))
    }
    published = model.methods.flatMap { method in
      (method.fineTuning ?? []).map { tuning in
        Published(
          method: method.method, methodSlug: RecordedMethod.slug(method.method),
          scope: tuning.dataset + " · "
            + (tuning.architectures?.joined(separator: ", ") ?? "every architecture"),
          budget: tuning.description, recipe: tuning.recipe ?? "",
          source: tuning.source, sourceURL: RecordedPoint.url(of: tuning.source))
      }
    }
    self.originals = originals.keys.sorted().map { key in
      let original = originals[key]!
      let first = model.results[original.first]
      return Original(
        pair: String(key.prefix { $0 != "|" }), scale: first.scaleLabel,
        top1: SVG.value(100 * original.top1 / Double(original.count)) + " %",
        results: original.count)
    }
  }
}
