import CKernels

/// A dense, contiguous Float32 array with a shape; image tensors are `NCHW`, where `N` is
/// the batch, `C` the channels, `H` the height and `W` the width.
///
/// Storage is a Swift array, so copies are cheap until written (copy on write) and kernels
/// reach the memory through `withUnsafe…BufferPointer`.
///
/// ```swift
/// var x = Tensor(zeros: [2, 3, 4, 4])
/// x[0] = 1
/// ```
public struct Tensor: Equatable, Sendable {
  /// The extent of every dimension, outermost first.
  public private(set) var shape: [Int]
  /// The elements in row-major order.
  public var scalars: [Float]

  /// A tensor holding `scalars` with the given shape.
  public init(shape: [Int], scalars: [Float]) {
    precondition(
      shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == scalars.count,
      "Tensor(shape:scalars:): shape \(shape) does not hold \(scalars.count) scalars")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape filled with `value`.
  public init(repeating value: Float, shape: [Int]) {
    self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

  /// A tensor whose elements are left as the allocator returns them, for kernels that
  /// write every element (filling a large tensor with zeros first cost 6 % of a training
  /// step).
  init(uninitialized shape: [Int]) {
    let count = shape.reduce(1, *)
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(uninitialized:): bad shape \(shape)")
    self.init(
      shape: shape,
      scalars: [Float](unsafeUninitializedCapacity: count) { _, initialized in
        initialized = count
      })
  }

  /// The number of elements.
  public var count: Int { scalars.count }
  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The same elements under another shape with the same element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(
      newShape.reduce(1, *) == count,
      "reshape: cannot view shape \(shape) (\(count) elements) as \(newShape)")
    return Tensor(shape: newShape, scalars: scalars)
  }

  /// Element access by flat index.
  public subscript(index: Int) -> Float {
    get { scalars[index] }
    set { scalars[index] = newValue }
  }

  /// The NCHW extents of a rank-4 tensor; `op` names the caller in the failure message.
  public func nchw(_ op: String) -> (n: Int, c: Int, h: Int, w: Int) {
    precondition(rank == 4, "\(op): expected an NCHW tensor, got shape \(shape)")
    return (shape[0], shape[1], shape[2], shape[3])
  }

  /// Adds `other` element by element (shapes must match).
  public mutating func add(_ other: Tensor) {
    precondition(shape == other.shape, "add: shapes \(shape) and \(other.shape) differ")
    scalars.withUnsafeMutableBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        let (aBase, bBase) = (a.baseAddress!, b.baseAddress!)
        Threading.parallelFor(a.count, minimumPerThread: Threading.elementwiseGrain) { range in
          ocnna_add(aBase + range.lowerBound, bBase + range.lowerBound, range.count)
        }
      }
    }
  }

  /// The largest absolute difference to `other` (shapes must match).
  public func maxAbsoluteDifference(_ other: Tensor) -> Float {
    precondition(shape == other.shape, "compare: shapes \(shape) and \(other.shape) differ")
    var worst: Float = 0
    for i in 0..<count { worst = max(worst, abs(scalars[i] - other.scalars[i])) }
    return worst
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let preview = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", …" : "")])"
  }
}
