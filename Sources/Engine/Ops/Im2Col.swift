import CKernels

/// Lowers convolution windows into matrix columns and back (im2col / col2im).
///
/// For a block of `imageCount` images and one group of `channelCount` input channels, the
/// column matrix has `channelCount · k · k` rows (row `(c · k + ky) · k + kx`) and
/// `imageCount · outH · outW` columns, so one GEMM covers the whole block instead of one
/// small GEMM per image.
struct Im2Col {
  let config: ConvolutionConfig
  let height: Int, width: Int, outHeight: Int, outWidth: Int
  /// Channels of the whole input tensor (all groups).
  let inputChannels: Int

  init(config: ConvolutionConfig, height: Int, width: Int) {
    self.config = config
    self.height = height
    self.width = width
    self.outHeight = config.outputSize(height)
    self.outWidth = config.outputSize(width)
    self.inputChannels = config.inputChannels
  }

  var channelsPerGroup: Int { config.inputChannels / config.groups }
  var rows: Int { channelsPerGroup * config.kernelSize * config.kernelSize }
  var planeSize: Int { outHeight * outWidth }

  /// Fills `columns` (`rows × imageCount·planeSize`) from images `firstImage…` of `input`,
  /// channels of `group`. The row copies are `ocnna_im2col_plane` (C, vectorised).
  func lower(
    _ input: UnsafePointer<Float>, firstImage: Int, imageCount: Int, group: Int,
    into columns: UnsafeMutablePointer<Float>
  ) {
    let k = config.kernelSize
    let columnCount = imageCount * planeSize
    let (h, w, oh, ow) = (Int32(height), Int32(width), Int32(outHeight), Int32(outWidth))
    let (s, p) = (Int32(config.stride), Int32(config.padding))
    let channelBase = group * channelsPerGroup
    let planeScalars = height * width
    Threading.parallelFor(rows, minimumPerThread: 4) { rowRange in
      for row in rowRange {
        let kx = row % k, ky = (row / k) % k, c = row / (k * k)
        let rowStart = columns + row * columnCount
        for i in 0..<imageCount {
          ocnna_im2col_plane(
            input + ((firstImage + i) * inputChannels + channelBase + c) * planeScalars,
            h, w, oh, ow, Int32(ky), Int32(kx), s, p, rowStart + i * planeSize)
        }
      }
    }
  }

  /// Adds `columns` back into the input-shaped gradient `inputGradient` (col2im); each
  /// thread owns whole channels, so no two threads write the same element.
  func raise(
    _ columns: UnsafePointer<Float>, firstImage: Int, imageCount: Int, group: Int,
    into inputGradient: UnsafeMutablePointer<Float>
  ) {
    let k = config.kernelSize
    let columnCount = imageCount * planeSize
    let (h, w, oh, ow) = (Int32(height), Int32(width), Int32(outHeight), Int32(outWidth))
    let (s, p) = (Int32(config.stride), Int32(config.padding))
    let channelBase = group * channelsPerGroup
    let planeScalars = height * width
    Threading.parallelFor(channelsPerGroup) { channelRange in
      for c in channelRange {
        for i in 0..<imageCount {
          let plane =
            inputGradient + ((firstImage + i) * inputChannels + channelBase + c) * planeScalars
          for ky in 0..<k {
            for kx in 0..<k {
              let row = (c * k + ky) * k + kx
              ocnna_col2im_plane(
                columns + row * columnCount + i * planeSize, h, w, oh, ow, Int32(ky), Int32(kx),
                s, p, plane)
            }
          }
        }
      }
    }
  }
}
