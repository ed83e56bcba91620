import CFuzzerDriver
import Foundation
import Results

/// Any bytes as a result file: syntax, migration from older versions, decoding, the id and
/// the metrics' ranges. A result that is accepted must survive writing and reading back.
func fuzzResultFile(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let result = try? ResultStore.parse(data, path: "fuzz.json") else { return 0 }
  guard let written = try? JSONFile.encoder().encode(result) else {
    fatalError("an accepted result cannot be written")
  }
  guard (try? ResultStore.parse(written, path: "written.json")) != nil else {
    fatalError("an accepted result does not read back: \(String(decoding: written, as: UTF8.self))")
  }
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzResultFile(bytes!, count) })
