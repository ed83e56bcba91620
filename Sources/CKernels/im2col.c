// The inner loops of im2col and col2im for one (input channel, ky, kx) and one image, in C
// so that the compiler vectorises the shifted row copies (the Swift loops did not, and
// lowering took 12–16 % of a training step in `perf`).
#include "ckernels.h"

#include <string.h>

// Stride 1 with the output as wide as the input (every "same" convolution): the valid rows
// of the window are one contiguous run of the input shifted by (ky - pad, kx - pad), so
// one memcpy replaces a call per output row; the few values that wrapped around a row
// edge are then set to zero.
static void im2col_same_width(const float *restrict plane, int h, int w, int oh, int ky,
                              int kx, int pad, float *restrict dst) {
  int oy0 = pad - ky > 0 ? pad - ky : 0;
  int oy1 = h + pad - ky < oh ? h + pad - ky : oh;
  if (oy1 < oy0) oy1 = oy0;
  memset(dst, 0, sizeof(float) * (size_t)oy0 * w);
  memset(dst + (size_t)oy1 * w, 0, sizeof(float) * (size_t)(oh - oy1) * w);
  if (oy1 == oy0) return;
  long first = (long)(oy0 - pad + ky) * w + (kx - pad);
  long count = (long)(oy1 - oy0) * w;
  long skip = first < 0 ? -first : 0;
  long end = first + count > (long)h * w ? (long)h * w : first + count;
  float *out = dst + (size_t)oy0 * w;
  if (end > first + skip)
    memcpy(out + skip, plane + first + skip, sizeof(float) * (size_t)(end - first - skip));
  for (long i = 0; i < skip; i++) out[i] = 0;
  for (long i = end - first; i < count; i++) out[i] = 0;
  int lo = pad - kx > 0 ? pad - kx : 0;
  int hi = w + pad - kx < w ? w + pad - kx : w;
  for (int oy = oy0; oy < oy1; oy++) {
    float *row = dst + (size_t)oy * w;
    for (int ox = 0; ox < lo && ox < w; ox++) row[ox] = 0;
    for (int ox = hi > 0 ? hi : 0; ox < w; ox++) row[ox] = 0;
  }
}

void ocnna_im2col_plane(const float *restrict plane, int h, int w, int oh, int ow, int ky,
                        int kx, int stride, int pad, float *restrict dst) {
  if (stride == 1 && ow == w) {
    im2col_same_width(plane, h, w, oh, ky, kx, pad, dst);
    return;
  }
  for (int oy = 0; oy < oh; oy++, dst += ow) {
    int iy = oy * stride - pad + ky;
    if (iy < 0 || iy >= h) {
      memset(dst, 0, sizeof(float) * (size_t)ow);
      continue;
    }
    const float *src = plane + (size_t)iy * w;
    if (stride == 1) {
      // Valid ox: 0 <= ox - pad + kx < w.
      int lo = pad - kx > 0 ? pad - kx : 0;
      if (lo > ow) lo = ow;
      int hi = w + pad - kx < ow ? w + pad - kx : ow;
      if (hi < lo) hi = lo;
      const float *shifted = src + (kx - pad);
      for (int ox = 0; ox < lo; ox++) dst[ox] = 0;
      for (int ox = lo; ox < hi; ox++) dst[ox] = shifted[ox];
      for (int ox = hi; ox < ow; ox++) dst[ox] = 0;
    } else {
      for (int ox = 0; ox < ow; ox++) {
        int ix = ox * stride - pad + kx;
        dst[ox] = (ix >= 0 && ix < w) ? src[ix] : 0;
      }
    }
  }
}

void ocnna_col2im_plane(const float *restrict src, int h, int w, int oh, int ow, int ky,
                        int kx, int stride, int pad, float *restrict plane) {
  for (int oy = 0; oy < oh; oy++, src += ow) {
    int iy = oy * stride - pad + ky;
    if (iy < 0 || iy >= h) continue;
    float *dst = plane + (size_t)iy * w;
    if (stride == 1) {
      int lo = pad - kx > 0 ? pad - kx : 0;
      int hi = w + pad - kx < ow ? w + pad - kx : ow;
      float *shifted = dst + (kx - pad);
      for (int ox = lo; ox < hi; ox++) shifted[ox] += src[ox];
    } else {
      for (int ox = 0; ox < ow; ox++) {
        int ix = ox * stride - pad + kx;
        if (ix >= 0 && ix < w) dst[ix] += src[ox];
      }
    }
  }
}
