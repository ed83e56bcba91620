// Shifted planes: the input of a stride-1 convolution laid out so that every kernel
// position reads a contiguous run of floats for a run of output pixels.
//
// For kernel column kx, V_kx holds each input plane shifted by kx − pad columns and cut to
// the output's width, with pad zero rows above and below: V_kx[r][ox] = x[r − pad][ox + kx −
// pad], zero where the kernel sees padding. Output pixel j = oy · wo + ox at kernel position
// (ky, kx) then reads V_kx[j + ky · wo], so both the forward product and the weight
// gradient become loops over contiguous memory without masks, for k copies of the input
// (an im2col matrix is k² copies).
#include "convolution_internal.h"

ocnna_shifted_planes ocnna_shifted_geometry(const ocnna_conv_shape *s) {
  ocnna_shifted_planes p;
  p.k = s->kernel;
  p.pad = s->pad;
  p.h = s->height;
  p.w = s->width;
  p.wo = s->out_width;
  p.rows = s->out_height + s->kernel - 1;
  p.pixels = s->out_height * s->out_width;
  p.stride = ((long)p.rows * p.wo + 15) / 16 * 16;
  return p;
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// A row of wo output columns, column ox = src[ox + shift] where lo <= ox < hi, else zero:
// masked loads never touch the columns outside [lo, hi), so no row is read past its ends.
__attribute__((target("avx512f"))) static inline void shift_row(const float *src, int shift,
                                                                int lo, int hi, int wo,
                                                                float *dst) {
  for (int ox = 0; ox < wo; ox += 16) {
    const int lanes = wo - ox < 16 ? wo - ox : 16;
    int first = lo - ox, last = hi - ox;  // valid lanes [first, last) of this chunk
    if (first < 0) first = 0;
    if (last > lanes) last = lanes;
    const __mmask16 valid =
        last > first ? (__mmask16)(((1u << (last - first)) - 1) << first) : (__mmask16)0;
    const __m512 v = _mm512_maskz_loadu_ps(valid, src + ox + shift);
    _mm512_mask_storeu_ps(dst + ox, (__mmask16)((1u << lanes) - 1), v);
  }
}

// Writes `count` zeros from dst on.
__attribute__((target("avx512f"))) static inline void zero_floats(float *dst, long count) {
  for (long i = 0; i < count; i += 16) {
    const __mmask16 lanes = count - i < 16 ? (__mmask16)((1u << (count - i)) - 1) : 0xFFFF;
    _mm512_mask_storeu_ps(dst + i, lanes, _mm512_setzero_ps());
  }
}

__attribute__((target("avx512f"))) void ocnna_shift_planes(const ocnna_shifted_planes *p,
                                                           const float *x, int x_channels,
                                                           int c0, int channels, long n0,
                                                           int group, float *v) {
  const long hw = (long)p->h * p->w;
  // Image by image, channel by channel: the input is read in memory order.
  for (int n = 0; n < group; n++)
    for (int c = 0; c < channels; c++)
      for (int kx = 0; kx < p->k; kx++) {
        float *dst = v + ((long)(c * p->k + kx) * group + n) * p->stride;
        const float *src = x + ((n0 + n) * x_channels + c0 + c) * hw;
        // Output column ox reads input column ox + shift; [lo, hi) of them are inside.
        const int shift = kx - p->pad;
        int lo = shift < 0 ? -shift : 0, hi = p->w - shift;
        if (hi > p->wo) hi = p->wo;
        if (hi < lo) hi = lo;
        // Rows above and below the input are zero: pad rows, contiguous at each end.
        const int top = p->pad, bottom = p->pad + p->h < p->rows ? p->pad + p->h : p->rows;
        zero_floats(dst, (long)top * p->wo);
        // The next plane in memory order, fetched while this one is copied: each plane
        // is a page or less, where the hardware prefetcher only starts.
        const float *next = kx == 0 ? src + hw : 0;
        for (int r = top; r < bottom; r++) {
          const long row = (long)(r - p->pad) * p->w;
          if (next)
            for (int at = 0; at < p->w; at += 16)
              _mm_prefetch((const char *)(next + row + at), _MM_HINT_T0);
          shift_row(src + row, shift, lo, hi, p->wo, dst + (long)r * p->wo);
        }
        zero_floats(dst + (long)bottom * p->wo, (long)(p->rows - bottom) * p->wo);
      }
}
#endif
