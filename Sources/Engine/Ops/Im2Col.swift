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
  /// channels of `group`.
  func lower(
    _ input: UnsafePointer<Float>, firstImage: Int, imageCount: Int, group: Int,
    into columns: UnsafeMutablePointer<Float>
  ) {
    let k = config.kernelSize, s = config.stride, p = config.padding
    let columnCount = imageCount * planeSize
    let (h, w, oh, ow) = (height, width, outHeight, outWidth)
    let channelBase = group * channelsPerGroup
    Threading.parallelFor(rows, minimumPerThread: 4) { rowRange in
      for row in rowRange {
        let kx = row % k, ky = (row / k) % k, c = row / (k * k)
        let rowStart = columns + row * columnCount
        for i in 0..<imageCount {
          let plane = input + ((firstImage + i) * inputChannels + channelBase + c) * h * w
          let out = rowStart + i * oh * ow
          for oy in 0..<oh {
            let iy = oy * s - p + ky
            let dst = out + oy * ow
            if iy < 0 || iy >= h {
              dst.update(repeating: 0, count: ow)
              continue
            }
            let src = plane + iy * w
            if s == 1 {
              // Valid ox range: 0 <= ox - p + kx < w.
              let lo = min(ow, max(0, p - kx))
              let hi = max(lo, min(ow, w + p - kx))
              // Plain loops: rows are short (2 to 32 values), where a memmove call per
              // row costs more than the copy.
              let shifted = src + (kx - p)
              for ox in 0..<lo { dst[ox] = 0 }
              for ox in lo..<hi { dst[ox] = shifted[ox] }
              for ox in hi..<ow { dst[ox] = 0 }
            } else {
              for ox in 0..<ow {
                let ix = ox * s - p + kx
                dst[ox] = (ix >= 0 && ix < w) ? src[ix] : 0
              }
            }
          }
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
    let k = config.kernelSize, s = config.stride, p = config.padding
    let columnCount = imageCount * planeSize
    let (h, w, oh, ow) = (height, width, outHeight, outWidth)
    let channelBase = group * channelsPerGroup
    Threading.parallelFor(channelsPerGroup) { channelRange in
      for c in channelRange {
        for ky in 0..<k {
          for kx in 0..<k {
            let row = (c * k + ky) * k + kx
            let rowStart = columns + row * columnCount
            for i in 0..<imageCount {
              let plane =
                inputGradient + ((firstImage + i) * inputChannels + channelBase + c) * h * w
              let col = rowStart + i * oh * ow
              for oy in 0..<oh {
                let iy = oy * s - p + ky
                if iy < 0 || iy >= h { continue }
                let dst = plane + iy * w
                let src = col + oy * ow
                if s == 1 {
                  let lo = max(0, p - kx), hi = min(ow, w + p - kx)
                  var ox = lo
                  while ox < hi {
                    dst[ox - p + kx] += src[ox]
                    ox += 1
                  }
                } else {
                  for ox in 0..<ow {
                    let ix = ox * s - p + kx
                    if ix >= 0 && ix < w { dst[ix] += src[ox] }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
