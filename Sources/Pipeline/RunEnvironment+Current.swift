import Engine
import Foundation
import Results

extension RunEnvironment {
  /// The environment of this process now.
  public static var current: RunEnvironment {
    let info = ProcessInfo.processInfo
    return RunEnvironment(
      ocnnaVersion: BuildInfo.version, operatingSystem: info.operatingSystemVersionString,
      cores: info.activeProcessorCount, threads: Threading.threadCount,
      blasCore: nil, openBLASCoreType: nil, gemmKernel: GEMM.kernel.displayName,
      convolution: Convolution.pathName)
  }
}
