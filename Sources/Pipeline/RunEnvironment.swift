import Engine
import Foundation

/// The machine and software a result was measured with, recorded beside every result so
/// that numbers from different machines are never silently compared.
public struct RunEnvironment: Codable, Hashable, Sendable {
  public var ocnnaVersion: String
  public var operatingSystem: String
  public var cores: Int
  public var threads: Int
  /// OpenBLAS's kernel, in results measured while the engine linked OpenBLAS (before it
  /// had a kernel for every CPU); absent since.
  public var blasCore: String?
  /// `OPENBLAS_CORETYPE` as the environment set it, in the same older results.
  public var openBLASCoreType: String?
  /// The GEMM kernel (`GEMM.Kernel.displayName`); absent in results made before ocnna had
  /// its own.
  public var gemmKernel: String?

  /// The environment of this process now.
  public static var current: RunEnvironment {
    let info = ProcessInfo.processInfo
    return RunEnvironment(
      ocnnaVersion: BuildInfo.version, operatingSystem: info.operatingSystemVersionString,
      cores: info.activeProcessorCount, threads: Threading.threadCount,
      blasCore: nil, openBLASCoreType: nil, gemmKernel: GEMM.kernel.displayName)
  }
}
