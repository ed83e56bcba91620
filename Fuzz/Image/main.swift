import CFuzzerDriver
import Datasets
import Foundation

/// Any bytes as an image file (PNG, JPEG or neither): decoded through libpng or libjpeg
/// behind the project's checks (dimensions from the header first). A decoded image's pixel
/// count must match its size.
func fuzzImage(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let image = try? Codecs.decodeImage(data, path: "fuzz.img") else { return 0 }
  guard image.pixels.count == image.width * image.height * image.channels else {
    fatalError("\(image.width)×\(image.height)×\(image.channels) with \(image.pixels.count) bytes")
  }
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzImage(bytes!, count) })
