import CFuzzerDriver
import Datasets
import Foundation

/// Any bytes as a dataset archive (gzip-compressed or plain tar): names climbing out of the
/// destination, links and bad sizes must be refused, never followed or trapped on.
func fuzzTar(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  var data = Data(bytes: bytes, count: count)
  if Codecs.isGzip(data) {
    guard let unpacked = try? Codecs.gunzip(data, path: "fuzz.tar.gz") else { return 0 }
    data = unpacked
  }
  guard let entries = try? TarArchive.entries(of: data, path: "fuzz.tar") else { return 0 }
  for entry in entries
  where entry.path.hasPrefix("/") || entry.path.split(separator: "/").contains("..") {
    fatalError("accepted an entry outside the destination: \(entry.path)")
  }
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzTar(bytes!, count) })
