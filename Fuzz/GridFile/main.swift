import CFuzzerDriver
import Foundation
import Pipeline
import Results

/// Any bytes as a grid file (named tiny.json): syntax, fields, limits and combinations. An
/// accepted grid must expand to its cells without trapping.
func fuzzGridFile(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let spec = try? GridSpec.parse(data, path: "tiny.json") else { return 0 }
  _ = spec.cells.count
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzGridFile(bytes!, count) })
