/// Holm's step-down correction (Holm 1979) over a family of p-values: OCNNA against each
/// baseline at one operating point is one family, so that "beats 7 baselines" is not
/// seven chances of a false alarm at 5 % each.
public enum HolmCorrection {
  /// The adjusted p-values, in the order given: the i-th smallest p times (m − i + 1),
  /// made non-decreasing along the sorted order, capped at 1.
  public static func adjusted(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var result = [Double](repeating: 1, count: m)
    var running = 0.0
    for (rank, index) in order.enumerated() {
      running = max(running, min(1, Double(m - rank) * pValues[index]))
      result[index] = running
    }
    return result
  }
}
