import Dispatch
import Foundation

/// Progress output: one rewritten line on a terminal, plain log lines otherwise (CI logs,
/// pipes), so logs stay readable and terminals stay tidy.
final class ProgressLine {
  let isTerminal = isatty(STDOUT_FILENO) == 1
  private var lastPlain = DispatchTime(uptimeNanoseconds: 0)

  /// Shows `text`; on a terminal it replaces the previous progress line, elsewhere it is
  /// printed at most every `plainInterval` seconds unless `force` is set.
  func update(_ text: String, force: Bool = false, plainInterval: Double = 10) {
    if isTerminal {
      FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
      return
    }
    let now = DispatchTime.now()
    if force || Double(now.uptimeNanoseconds - lastPlain.uptimeNanoseconds) / 1e9 >= plainInterval {
      print(text)
      fflush(stdout)
      lastPlain = now
    }
  }

  /// Ends the progress line (on a terminal) before ordinary output continues.
  func finish() {
    if isTerminal { print("") }
  }

  /// A text bar of `width` characters for a fraction in [0, 1].
  static func bar(_ fraction: Double, width: Int = 24) -> String {
    let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
    return "[" + String(repeating: "#", count: filled)
      + String(repeating: ".", count: width - filled) + "]"
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    return s >= 3600
      ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
      : String(format: "%dm%02ds", s / 60, s % 60)
  }
}

/// Turns Ctrl-C into a flag that long commands poll, so that they stop between batches
/// and leave their last complete output intact.
final class InterruptFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var raised = false
  private var source: DispatchSourceSignal?

  func install() {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [weak self] in
      guard let self else { return }
      self.lock.lock()
      let second = self.raised
      self.raised = true
      self.lock.unlock()
      if second { exit(130) }  // a second Ctrl-C stops at once
    }
    source.resume()
    self.source = source
  }

  var isRaised: Bool {
    lock.lock()
    defer { lock.unlock() }
    return raised
  }
}
