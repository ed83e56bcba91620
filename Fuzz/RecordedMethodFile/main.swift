import CFuzzerDriver
import Foundation
import Report

/// Any bytes as a recorded-method file (Data/baselines/*.json): syntax, fields, number
/// plausibility. Refusals are `BaselineErrors`; nothing may crash.
func fuzzRecordedMethodFile(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let method = try? BaselineValidation.parse(data, path: "fuzz.json") else { return 0 }
  _ = RecordedMethod.slug(method.method)
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
  LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzRecordedMethodFile(bytes!, count) }
)
