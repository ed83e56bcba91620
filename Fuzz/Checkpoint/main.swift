import CFuzzerDriver
import Engine
import Foundation

/// Any bytes as a checkpoint: the safetensors header is checked, and a file that passes is
/// loaded as a network (its structure built, its tensors copied). Everything must end in a
/// `SafeTensorsError`, never a crash, a hang or an allocation beyond the limits.
func fuzzCheckpoint(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let file = try? SafeTensorsFile(data: data, path: "fuzz.safetensors") else { return 0 }
  for entry in file.entries { _ = try? file.tensor(entry) }
  _ = try? Checkpoint.load(from: file)
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzCheckpoint(bytes!, count) })
