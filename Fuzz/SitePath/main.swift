import CFuzzerDriver
import Foundation
import Report

/// Any bytes as the request target of the preview server, resolved against a real site
/// folder that has a secret file beside it and a symbolic link out of it. No target may
/// resolve outside the site.
let site: URL = {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "ocnna-fuzz-site-\(ProcessInfo.processInfo.processIdentifier)")
  let root = folder.appendingPathComponent("Site")
  try? FileManager.default.createDirectory(
    at: root.appendingPathComponent("pairs/deep"), withIntermediateDirectories: true)
  try? Data("home".utf8).write(to: root.appendingPathComponent("index.html"))
  try? Data("pair".utf8).write(to: root.appendingPathComponent("pairs/a b.html"))
  try? Data("deep".utf8).write(to: root.appendingPathComponent("pairs/deep/index.html"))
  try? Data("SECRET".utf8).write(to: folder.appendingPathComponent("secret.txt"))
  try? FileManager.default.createSymbolicLink(
    at: root.appendingPathComponent("link.txt"),
    withDestinationURL: folder.appendingPathComponent("secret.txt"))
  try? FileManager.default.createSymbolicLink(
    at: root.appendingPathComponent("up"), withDestinationURL: folder)
  return root.resolvingSymlinksInPath()
}()

func fuzzSitePath(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let target = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  guard let file = SitePath.resolve(target, root: site) else { return 0 }
  let resolved = file.resolvingSymlinksInPath().path
  guard resolved.hasPrefix(site.path + "/") else {
    fatalError("\(target) resolved outside the site: \(resolved)")
  }
  return 0
}

var arguments = CommandLine.argc
var values: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &values) { bytes, count in fuzzSitePath(bytes!, count) })
