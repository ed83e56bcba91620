// The inner loops of im2col and col2im for one (input channel, ky, kx) and one image, in C
// so that the compiler vectorises the shifted row copies (the Swift loops did not, and
// lowering took 12–16 % of a training step in `perf`).
#include "ckernels.h"

#include <string.h>

void ocnna_im2col_plane(const float *restrict plane, int h, int w, int oh, int ow, int ky,
                        int kx, int stride, int pad, float *restrict dst) {
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
