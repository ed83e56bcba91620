import Engine

/// The channels of a network that must be removed together, found by one walk over its
/// nodes (after Torch-Pruning's DepGraph: Fang et al., "DepGraph: Towards Any Structural
/// Pruning", CVPR 2023, arXiv:2301.12900 — here on our own graph, no tracing).
///
/// Every output channel of every node is a *slot*. Operations that pass channels through
/// (BatchNorm, ReLU, pooling, dropout, a depthwise convolution) tie each output slot to
/// the matching input slot; `add` ties its operands' slots together; `concat` ties each
/// operand's slot to its offset in the output; `channelPad` ties the input to the middle of
/// its output (the padded slots are zeros); `flatten` ties each feature to the channel it
/// came from. A *cluster* is a set of tied slots — removing one removes all of them. A
/// *group* joins the clusters that share a producing layer, and is the "layer" that
/// per-layer policies rank within.
public struct DependencyGraph: Sendable {
  /// One output channel of a node; `node == -1` is the network input.
  public struct Slot: Hashable, Sendable {
    public var node: Int
    public var channel: Int
  }

  /// Slots that are removed together.
  public struct Cluster: Sendable {
    public var slots: [Slot]
    /// The (producer node, channel) pairs of convolutions whose filter makes this channel.
    public var producers: [Slot]
  }

  /// Clusters ranked together, with the layers they touch.
  public struct Group: Sendable {
    public var id: Int
    /// The clusters in a fixed order: by their first producer's position and channel.
    public var clusters: [Cluster]
    /// The convolutions whose filters make the group's channels.
    public var producerNodes: [Int]
    /// Every node with a slot in the group.
    public var memberNodes: [Int]
    /// False when a channel may not be removed (network input, classifier output, layers
    /// other than convolutions, grouped non-depthwise convolutions).
    public var prunable: Bool
    /// Why the group is locked, when it is.
    public var lockReason: String?
    public var channelCount: Int { clusters.count }
  }

  public internal(set) var groups: [Group]
  /// For each node, the (group, cluster) of each of its output channels.
  public let location: [[(group: Int, cluster: Int)]]

  public init(_ network: Network) {
    let nodes = network.nodes
    let count = nodes.count
    // Slot ids: node outputs first, then the network input's channels.
    let channels = network.nodeShapes.map { $0[0] }
    var offsets = [Int](repeating: 0, count: count + 1)
    for i in 0..<count { offsets[i + 1] = offsets[i] + channels[i] }
    let inputBase = offsets[count]
    let total = inputBase + network.inputShape[0]
    func id(_ node: Int, _ channel: Int) -> Int {
      node < 0 ? inputBase + channel : offsets[node] + channel
    }
    var sets = UnionFind(total)
    var locked = [String?](repeating: nil, count: total)
    for c in 0..<network.inputShape[0] { locked[id(-1, c)] = "network input" }
    for c in 0..<channels[count - 1] { locked[id(count - 1, c)] = "classifier output" }
    var producer = [Bool](repeating: false, count: total)
    let inputIndex = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.name, $0) })
    for (i, node) in nodes.enumerated() {
      let sources = node.inputs.map { $0 == Node.networkInput ? -1 : inputIndex[$0]! }
      let inChannels = sources.map { $0 < 0 ? network.inputShape[0] : channels[$0] }
      switch node.operation {
      case .conv(let c):
        for o in 0..<channels[i] { producer[id(i, o)] = true }
        if c.isDepthwise {
          for o in 0..<channels[i] { sets.union(id(i, o), id(sources[0], o)) }
        } else if c.groups > 1 {
          for o in 0..<channels[i] { locked[id(i, o)] = "grouped convolution \(node.name)" }
          for o in 0..<inChannels[0] {
            locked[id(sources[0], o)] = "grouped convolution \(node.name)"
          }
        }
      case .linear:
        for o in 0..<channels[i] where locked[id(i, o)] == nil {
          locked[id(i, o)] = "fully connected layer \(node.name)"
        }
      case .batchNorm, .relu, .maxPool, .avgPool, .globalAvgPool, .dropout:
        for o in 0..<channels[i] { sets.union(id(i, o), id(sources[0], o)) }
      case .add:
        for source in sources {
          for o in 0..<channels[i] { sets.union(id(i, o), id(source, o)) }
        }
      case .concat:
        var offset = 0
        for (source, width) in zip(sources, inChannels) {
          for o in 0..<width { sets.union(id(i, offset + o), id(source, o)) }
          offset += width
        }
      case .channelPad(let c):
        for o in 0..<inChannels[0] { sets.union(id(i, c.channelsBefore + o), id(sources[0], o)) }
      case .flatten:
        let plane = max(1, channels[i] / max(1, inChannels[0]))
        for f in 0..<channels[i] { sets.union(id(i, f), id(sources[0], f / plane)) }
      }
    }
    // Collect clusters: their slots, producers and locks.
    var clusterOf = [Int: Int]()
    var clusters: [(slots: [Slot], producers: [Slot], lock: String?)] = []
    func visit(_ slot: Slot, _ raw: Int) {
      let root = sets.find(raw)
      let index: Int
      if let existing = clusterOf[root] {
        index = existing
      } else {
        index = clusters.count
        clusterOf[root] = index
        clusters.append(([], [], nil))
      }
      clusters[index].slots.append(slot)
      if producer[raw] { clusters[index].producers.append(slot) }
      if let reason = locked[raw], clusters[index].lock == nil { clusters[index].lock = reason }
    }
    for c in 0..<network.inputShape[0] { visit(Slot(node: -1, channel: c), id(-1, c)) }
    for i in 0..<count {
      for c in 0..<channels[i] { visit(Slot(node: i, channel: c), id(i, c)) }
    }
    // Groups: clusters that share a producing node; channels no convolution makes (the
    // input, fully connected outputs) are grouped by the node they first appear at.
    var groupSets = UnionFind(clusters.count)
    var firstClusterOfKey = [Int: Int]()
    for (index, cluster) in clusters.enumerated() {
      let keys =
        cluster.producers.isEmpty
        ? [-2 - cluster.slots.map(\.node).min()!] : cluster.producers.map(\.node)
      for key in keys {
        if let other = firstClusterOfKey[key] {
          groupSets.union(index, other)
        } else {
          firstClusterOfKey[key] = index
        }
      }
    }
    var members = [Int: [Int]]()
    for index in clusters.indices { members[groupSets.find(index), default: []].append(index) }
    func sortKey(_ cluster: Int) -> (Int, Int) {
      let first =
        clusters[cluster].producers.min { ($0.node, $0.channel) < ($1.node, $1.channel) }
        ?? clusters[cluster].slots.min { ($0.node, $0.channel) < ($1.node, $1.channel) }!
      return (first.node, first.channel)
    }
    let ordered = members.values.map { $0.sorted { sortKey($0) < sortKey($1) } }.sorted {
      sortKey($0[0]) < sortKey($1[0])
    }
    var groups: [Group] = []
    var location = channels.map { [(group: Int, cluster: Int)](repeating: (0, 0), count: $0) }
    for (g, clusterIndices) in ordered.enumerated() {
      let list = clusterIndices.map {
        Cluster(slots: clusters[$0].slots, producers: clusters[$0].producers)
      }
      let lock =
        clusterIndices.lazy.compactMap { clusters[$0].lock }.first
        ?? (list.allSatisfy { $0.producers.isEmpty } ? "no convolution makes these channels" : nil)
      for (k, cluster) in list.enumerated() {
        for slot in cluster.slots where slot.node >= 0 {
          location[slot.node][slot.channel] = (g, k)
        }
      }
      groups.append(
        Group(
          id: g, clusters: list,
          producerNodes: Array(Set(list.flatMap { $0.producers.map(\.node) })).sorted(),
          memberNodes: Array(Set(list.flatMap { $0.slots.map(\.node) }.filter { $0 >= 0 }))
            .sorted(),
          prunable: lock == nil, lockReason: lock))
    }
    self.groups = groups
    self.location = location
  }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
  private var parent: [Int]
  private var size: [Int]

  init(_ count: Int) {
    parent = Array(0..<count)
    size = [Int](repeating: 1, count: count)
  }

  mutating func find(_ x: Int) -> Int {
    var x = x
    while parent[x] != x {
      parent[x] = parent[parent[x]]
      x = parent[x]
    }
    return x
  }

  mutating func union(_ a: Int, _ b: Int) {
    var (ra, rb) = (find(a), find(b))
    if ra == rb { return }
    if size[ra] < size[rb] { swap(&ra, &rb) }
    parent[rb] = ra
    size[ra] += size[rb]
  }
}
