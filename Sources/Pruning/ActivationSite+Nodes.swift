import Engine
import Results

extension ActivationSite {
  /// For every producing convolution of `graph`, the node whose output is read.
  public func nodes(_ network: Network, graph: DependencyGraph) -> [Int: Int] {
    var consumers = [String: [Int]]()
    for (i, node) in network.nodes.enumerated() {
      for input in node.inputs { consumers[input, default: []].append(i) }
    }
    func only(_ index: Int, _ matches: (Operation) -> Bool) -> Int? {
      guard let next = consumers[network.nodes[index].name], next.count == 1,
        matches(network.nodes[next[0]].operation)
      else { return nil }
      return next[0]
    }
    var result = [Int: Int]()
    for producer in Set(graph.groups.flatMap(\.producerNodes)) {
      var site = producer
      if self != .raw {
        if let norm = only(site, { if case .batchNorm = $0 { true } else { false } }) {
          site = norm
        }
      }
      if self == .postActivation, let relu = only(site, { $0 == .relu }) { site = relu }
      result[producer] = site
    }
    return result
  }
}
