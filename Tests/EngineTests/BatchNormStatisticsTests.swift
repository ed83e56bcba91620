import Engine
import Testing

/// BatchNorm re-estimation: the running statistics become the mean over batches of each
/// batch's mean and unbiased variance, whatever they were before; parameters do not move.
struct BatchNormStatisticsTests {
  @Test func runningStatisticsAreTheAverageOfTheBatchStatistics() throws {
    let network = try Network(
      inputShape: [2, 3, 3],
      nodes: [
        Node("bn", .batchNorm(BatchNormConfig(channels: 2)), inputs: [Node.networkInput]),
        Node("pool", .globalAvgPool, inputs: ["bn"]),
      ], seed: 1)
    var stale = network
    stale.buffers["bn.running_mean"] = Tensor(shape: [2], scalars: [7, -7])
    stale.buffers["bn.running_var"] = Tensor(shape: [2], scalars: [90, 0.01])
    let shifted = Tensor(normal: [3, 2, 3, 3], seed: 3)
    let batches = [
      Tensor(normal: [4, 2, 3, 3], seed: 2),
      Tensor(shape: shifted.shape, scalars: shifted.scalars.map { 2 * $0 + 1 }),
    ]
    let result = try stale.reestimatingBatchNormStatistics(over: batches)
    for channel in 0..<2 {
      var means: [Double] = [], variances: [Double] = []
      for batch in batches {
        let n = batch.shape[0]
        var values: [Double] = []
        for i in 0..<n {
          for j in 0..<9 { values.append(Double(batch.scalars[(i * 2 + channel) * 9 + j])) }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        means.append(mean)
        variances.append(
          values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
      }
      let expectedMean = means.reduce(0, +) / 2, expectedVariance = variances.reduce(0, +) / 2
      #expect(
        abs(Double(result.buffers["bn.running_mean"]!.scalars[channel]) - expectedMean) < 1e-5)
      #expect(
        abs(Double(result.buffers["bn.running_var"]!.scalars[channel]) - expectedVariance) < 1e-4)
    }
    #expect(result.parameters.tensors.map(\.scalars) == stale.parameters.tensors.map(\.scalars))
  }
}
