import Engine
import Foundation

/// The machine and software a result was measured with, recorded beside every result so
/// that numbers from different machines are never silently compared.
public struct RunEnvironment: Codable, Hashable, Sendable {
  public var ocnnaVersion: String
  public var operatingSystem: String
  public var cores: Int
  public var threads: Int
  public var blasCore: String
  /// `OPENBLAS_CORETYPE` as the environment set it ("(unset)" when absent).
  public var openBLASCoreType: String
  /// The GEMM kernel (`BLAS.kernelName`); absent in results made before ocnna had its own.
  public var gemmKernel: String?

  /// The environment of this process now.
  public static var current: RunEnvironment {
    let info = ProcessInfo.processInfo
    return RunEnvironment(
      ocnnaVersion: BuildInfo.version, operatingSystem: info.operatingSystemVersionString,
      cores: info.activeProcessorCount, threads: Threading.threadCount,
      blasCore: Threading.blasCoreName,
      openBLASCoreType: info.environment["OPENBLAS_CORETYPE"] ?? "(unset)",
      gemmKernel: BLAS.kernelName)
  }
}
