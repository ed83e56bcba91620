#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether a process id belongs to a running process: a staging folder named after a
/// dead publisher's pid is abandoned and safe to remove.
enum ProcessLiveness {
  static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    // Signal 0 checks for existence only; EPERM means it exists under another user.
    return kill(pid, 0) == 0 || errno == EPERM
  }
}
