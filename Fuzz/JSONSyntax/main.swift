import CFuzzerDriver
import Foundation
import StrictJSON

/// Any bytes through the strict JSON check, against Foundation's parser: what the check
/// accepts, Foundation must read too (the check is the stricter of the two), and a problem's
/// line and column must lie inside the input.
func fuzzJSONSyntax(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  if let problem = JSONSyntax.problem(in: data, refusingControlCharacters: count % 2 == 0) {
    let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).count
    guard problem.line >= 1, problem.line <= max(lines, 1), problem.column >= 1 else {
      fatalError("problem placed outside the input: \(problem)")
    }
    return 0
  }
  guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
    fatalError(
      "the strict check accepted what Foundation refuses: \(String(decoding: data, as: UTF8.self))")
  }
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzJSONSyntax(bytes!, count) })
