import ArgumentParser
import Pipeline

/// The options that name a checkpoint, how to build its network and how to normalise
/// its inputs.
struct CheckpointOptions: ParsableArguments {
  @Option(help: "The .safetensors checkpoint.") var checkpoint: String
  @Option(
    help:
      "Build this zoo architecture and load the checkpoint into it by name (for checkpoints without ocnna's structure, such as converted PyTorch ones)."
  )
  var model: String?
  @Option(
    help:
      "Input normalisation: checkpoint (its own, the default), dataset, imagenet, or MEAN,…/STD,… per channel."
  )
  var normalization = "checkpoint"

  func validate() throws {
    if let problem = NormalizationChoice.problem(with: normalization) {
      throw ValidationError("--normalization \(problem)")
    }
  }

  var checkpointSource: CheckpointSource {
    CheckpointSource(checkpoint: checkpoint, model: model, normalization: normalization)
  }
}
