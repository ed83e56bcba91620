import Results

extension GridSpec {
  /// Every cell, in a stable order: architecture, dataset, budget, pruning entry, method,
  /// value, seed (the entry's seeds, else the grid's).
  public var cells: [RunCell] {
    var cells: [RunCell] = []
    for architecture in architectures {
      for dataset in datasets {
        for budget in budgets {
          for entry in pruning where entry.applies(to: architecture.architecture) {
            for method in entry.methods {
              for value in entry.values {
                for seed in entry.seeds ?? seeds {
                  var tuning = budget
                  tuning.recipe.seed = seed
                  let settings = GridMethod.settings(method, activation: activation)
                  cells.append(
                    RunCell(
                      architecture: architecture.architecture, width: architecture.width,
                      dataset: dataset, original: architecture.original ?? original,
                      method: settings.method, policy: entry.policy(at: value),
                      calibration: calibration, varianceShare: varianceShare,
                      activation: settings.activation, fineTuning: tuning, seed: seed,
                      pruningProtocol: pruningProtocol, ocnnaReading: settings.reading))
                }
              }
            }
          }
        }
      }
    }
    return cells
  }
}
