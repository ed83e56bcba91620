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
  /// How convolutions ran (`implicit GEMM, shifted planes for stride 1`, `im2col + GEMM`,
  /// or `implicit GEMM` in results made before the stride-1 kernels without packing);
  /// absent in results made before it was recorded (both paths existed for some of them).
  public var convolution: String?

  public init(
    ocnnaVersion: String, operatingSystem: String, cores: Int, threads: Int,
    blasCore: String? = nil, openBLASCoreType: String? = nil, gemmKernel: String?,
    convolution: String? = nil
  ) {
    self.convolution = convolution
    self.ocnnaVersion = ocnnaVersion
    self.operatingSystem = operatingSystem
    self.cores = cores
    self.threads = threads
    self.blasCore = blasCore
    self.openBLASCoreType = openBLASCoreType
    self.gemmKernel = gemmKernel
  }
}
