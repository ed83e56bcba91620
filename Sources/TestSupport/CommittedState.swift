import Foundation

/// Whether the project's published files are as committed: the condition of tests that
/// compare the committed `Site/` and README with what the code renders from `Data/`.
///
/// After a user's own `ocnna run quick` those files hold local results, and such a test
/// is reported as skipped (with this reason), never as failed or passed; in CI, a clean
/// clone, it runs.
public enum CommittedState {
  /// True when git reports no change, tracked or untracked, under `paths` of the project.
  public static func isUnchanged(_ paths: [String]) -> Bool {
    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    git.arguments =
      ["git", "-C", SharedData.projectRoot.path, "status", "--porcelain", "--"] + paths
    let output = Pipe()
    git.standardOutput = output
    git.standardError = FileHandle.nullDevice
    do { try git.run() } catch { return false }
    let text = output.fileHandleForReading.readDataToEndOfFile()
    git.waitUntilExit()
    return git.terminationStatus == 0 && text.isEmpty
  }
}
