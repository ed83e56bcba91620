import Engine
import Models

/// `ocnna models`: every zoo architecture with its size for an input size and class count.
public enum ZooListing {
  public struct Row: Sendable {
    public var architecture: String
    public var summary: String
    /// Nil when the architecture cannot take inputs this small.
    public var parameterCount: Int?
    public var macs: Int?
  }

  public static func rows(inputSize: Int, classes: Int, width: Double) -> [Row] {
    Zoo.architectures.map { architecture in
      let network = try? ModelSpec(
        architecture: architecture.name, classCount: classes, inputSize: inputSize, width: width
      ).build()
      return Row(
        architecture: architecture.name, summary: architecture.summary,
        parameterCount: network?.parameterCount, macs: network?.macs)
    }
  }
}
