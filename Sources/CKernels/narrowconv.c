// Direct stride-1 convolution for layers with at most 8 output channels (DenseNet's
// growth layers, the narrowest ResNet stages): each output row segment of 16 pixels keeps
// one zmm accumulator per output channel while the input rows stream past, so there is no
// im2col matrix (9× the input) to write and read back. AVX-512 only; callers fall back
// to im2col + GEMM elsewhere.
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx512f"), always_inline)) static inline void narrow_rows(
    const int cout, const float *x, int cin, int h, int w, const float *wt, int k, int pad,
    float *y, int oh, int ow) {
  for (int oy = 0; oy < oh; oy++) {
    for (int ox0 = 0; ox0 < ow; ox0 += 16) {
      int len = ow - ox0 < 16 ? ow - ox0 : 16;
      __m512 acc[8];
      for (int o = 0; o < cout; o++) acc[o] = _mm512_setzero_ps();
      for (int c = 0; c < cin; c++) {
        const float *plane = x + (size_t)c * h * w;
        for (int ky = 0; ky < k; ky++) {
          int iy = oy + ky - pad;
          if (iy < 0 || iy >= h) continue;
          const float *row = plane + (size_t)iy * w;
          for (int kx = 0; kx < k; kx++) {
            // Lane j reads input column start + j; lanes outside [0, w) or past len stay 0
            // (masked-off lanes of a masked load are never read, so no fault either).
            int start = ox0 + kx - pad;
            int lo = start < 0 ? -start : 0;
            int hi = w - start < len ? w - start : len;
            if (hi <= lo) continue;
            __mmask16 mask = (__mmask16)((((1u << (hi - lo)) - 1)) << lo);
            __m512 v = _mm512_maskz_loadu_ps(mask, row + start);
            const float *tap = wt + ((size_t)c * k + ky) * k + kx;
            for (int o = 0; o < cout; o++)
              acc[o] = _mm512_fmadd_ps(_mm512_set1_ps(tap[(size_t)o * cin * k * k]), v, acc[o]);
          }
        }
      }
      __mmask16 store = len == 16 ? 0xFFFF : (__mmask16)((1u << len) - 1);
      for (int o = 0; o < cout; o++)
        _mm512_mask_storeu_ps(y + ((size_t)o * oh + oy) * ow + ox0, store, acc[o]);
    }
  }
}

#define NARROW_CASE(n) \
  case n:              \
    narrow_rows(n, x, cin, h, w, wt, k, pad, y, oh, ow); \
    return 1;

__attribute__((target("avx512f"))) static int conv_narrow_avx512(const float *x, int cin, int h, int w,
                                                         const float *wt, int cout, int k,
                                                         int pad, float *y) {
  int oh = h + 2 * pad - k + 1, ow = w + 2 * pad - k + 1;
  if (oh <= 0 || ow <= 0 || pad >= k) return 0;
  switch (cout) {
    NARROW_CASE(1)
    NARROW_CASE(2)
    NARROW_CASE(3)
    NARROW_CASE(4)
    NARROW_CASE(5)
    NARROW_CASE(6)
    NARROW_CASE(7)
    NARROW_CASE(8)
    default:
      return 0;
  }
}
#endif

int ocnna_conv_narrow(const float *x, int cin, int h, int w, const float *wt, int cout, int k,
                      int pad, float *y) {
#if defined(__x86_64__) || defined(__i386__)
  return conv_narrow_avx512(x, cin, h, w, wt, cout, k, pad, y);
#else
  (void)x, (void)cin, (void)h, (void)w, (void)wt, (void)cout, (void)k, (void)pad, (void)y;
  return 0;
#endif
}
