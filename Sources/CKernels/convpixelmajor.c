// Implicit-GEMM convolution on small planes with one output pixel per tile (AVX-512).
//
// On an 8 × 8, 4 × 4 or 2 × 2 plane a padded 3 × 3 kernel reaches into the padding for
// most output pixels: a 2 × 2 output sees 4 of its 9 taps, a 4 × 4 one 100 of 144, an
// 8 × 8 one 484 of 576. The column order of convgemm.c (image-major, 32 consecutive pixels
// a tile) mixes pixels in every tile, so every tap is a non-zero row of B somewhere and
// the kernel multiplies the padding's zeros too. Here the columns are pixel-major: a tile
// is one output pixel of 32 images, so a tap in the padding is a zero row for the whole
// tile, and the micro-kernel skips it (ocnna_kernel_*x32_taps, A's rows by index). The
// depth blocks and the order of the remaining additions are those of convgemm.c, and a
// skipped term was an exact zero added to a sum that is never −0, so the outputs are the
// same bits (with finite inputs: ∞ · 0 in the padding is no longer formed).
//
// Per block of images: the input is transposed to [channel][pixel][image] (32-image rows),
// B's non-zero rows for each (pixel, 32 images) are copied into contiguous slivers, the
// depth blocks are summed into a contiguous per-thread buffer, and the sums are stored
// into the NCHW output once.
#include "ckernels.h"
#include "convolution_internal.h"
#include "sgemm_internal.h"

#include <stdlib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Planes of at most 64 pixels. Measured (2 threads, 128 images, nominal GFLOPS — the
// skipped taps counted as done — against the column order): 512 → 512 at 2 × 2 147 →
// 350–376, at 4 × 4 207 → 284; at 8 × 8, where only 16 % of taps are skipped, 256 → 256 206 → 231,
// 128 → 256 204 → 219, 64 → 64 141–146 → 146–151 (before the transposes below were
// vectorised, the 8 × 8 planes lost there what they saved).
enum { NR = 32, MAX_PLANE = 64, MAX_TAPS = 49 };

// Whether kernel position `at` of output pixel q reads inside the input.
static int tap_inside(const ocnna_conv_shape *s, int q, int at) {
  const int oy = q / s->out_width, ox = q % s->out_width;
  const int iy = oy * s->stride - s->pad + at / s->kernel;
  const int ix = ox * s->stride - s->pad + at % s->kernel;
  return iy >= 0 && iy < s->height && ix >= 0 && ix < s->width;
}

static inline __mmask16 first_lanes(long n) {
  return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
}

// xt[r · lanes + i] = x[image0 + i][in_base ..][r] for r < inputs · hw (an image's channel
// planes are one run of floats), zero for count ≤ i < lanes: 16 images × 16 floats at a
// time, transposed in registers.
__attribute__((target("avx512f"))) static void transpose_images(
    const ocnna_conv_shape *s, const float *x, int in_base, int inputs, long image0,
    int count, int lanes, float *xt) {
  const long hw = (long)s->height * s->width, length = inputs * hw;
  for (long r0 = 0; r0 < length; r0 += 16) {
    const __mmask16 mask = first_lanes(length - r0);
    const int n = length - r0 < 16 ? (int)(length - r0) : 16;
    for (int i0 = 0; i0 < lanes; i0 += 16) {
      __m512 v[16];
      for (int j = 0; j < 16; j++)
        v[j] = i0 + j < count ? _mm512_maskz_loadu_ps(
                                    mask, x + ((image0 + i0 + j) * s->channels + in_base) * hw + r0)
                              : _mm512_setzero_ps();
      ocnna_transpose_16x16(v);
      for (int r = 0; r < n; r++) _mm512_store_ps(xt + (r0 + r) * lanes + i0, v[r]);
    }
  }
}

// y[ib + i][out_base ..][o · plane + q] = the sums of tile (q, i / 32), row o, lane i mod
// 32: an image's output planes are one run of floats, built 16 images × 16 floats at a time
// from 16 rows of sums transposed in registers.
__attribute__((target("avx512f"))) static void store_sums(const float *sums, int slivers_most,
                                                          int padded_outputs, int plane,
                                                          int outputs, float *y,
                                                          int out_channels, int out_base,
                                                          long ib, int count) {
  const long length = (long)outputs * plane;
  for (int i0 = 0; i0 < count; i0 += 16) {
    const int images = count - i0 < 16 ? count - i0 : 16;
    const float *lanes = sums + (size_t)(i0 / NR) * padded_outputs * NR + i0 % NR;
    for (long d0 = 0; d0 < length; d0 += 16) {
      const int n = length - d0 < 16 ? (int)(length - d0) : 16;
      __m512 v[16];
      for (int r = 0; r < 16; r++) {
        const long d = d0 + (r < n ? r : 0), o = d / plane, q = d % plane;
        v[r] = _mm512_load_ps(lanes + ((size_t)q * slivers_most * padded_outputs + o) * NR);
      }
      ocnna_transpose_16x16(v);
      for (int j = 0; j < images; j++)
        _mm512_mask_storeu_ps(y + ((ib + i0 + j) * out_channels + out_base) * plane + d0,
                              first_lanes(n), v[j]);
    }
  }
}

__attribute__((target("avx512f"))) static void forward(const ocnna_conv_shape *s,
                                                       const float *x, int in_base, int inputs,
                                                       const float *w, int outputs, float *y,
                                                       int out_channels, int out_base,
                                                       long image0, long image1) {
  const int positions = s->kernel * s->kernel, rows = inputs * positions;
  const int plane = s->out_height * s->out_width, hw = s->height * s->width;
  const int narrow = ocnna_prefers_8_rows(outputs), mr = narrow ? 8 : 12;
  const int mc = mr * OCNNA_MC_BLOCKS;
  const int padded_outputs = (outputs + mr - 1) / mr * mr;
  // As many images a block as convgemm.c's column block holds, in whole tiles.
  int block = OCNNA_NC / plane / NR * NR;
  if (block < NR) block = NR;
  const long images = image1 - image0;
  const int most = images < block ? (int)((images + NR - 1) / NR * NR) : block;
  const int slivers_most = most / NR;
  float *ap = ocnna_packing_a((size_t)OCNNA_KC * (mc + mr));
  float *bp = ocnna_packing_b((size_t)OCNNA_KC * plane * most);
  float *sums = ocnna_packing_c((size_t)plane * most * padded_outputs);
  float *xt = aligned_alloc(64, (sizeof(float) * (size_t)inputs * hw * most + 63) / 64 * 64);
  if (!xt) abort();
  static __thread int taps[MAX_PLANE][OCNNA_KC], counts[MAX_PLANE];
  for (long ib = image0; ib < image1; ib += block) {
    const int count = image1 - ib < block ? (int)(image1 - ib) : block;
    const int lanes = (count + NR - 1) / NR * NR, slivers = lanes / NR;
    transpose_images(s, x, in_base, inputs, ib, count, lanes, xt);
    for (int pc = 0; pc < rows; pc += OCNNA_KC) {
      const int kc = rows - pc < OCNNA_KC ? rows - pc : OCNNA_KC;
      const float beta = pc == 0 ? 0.0f : 1.0f;
      // B's non-zero rows of this depth block, per output pixel and 32 images.
      for (int q = 0; q < plane; q++) {
        const int oy = q / s->out_width, ox = q % s->out_width;
        int n = 0;
        for (int t = 0; t < kc; t++) {
          const int p = pc + t, c = p / positions, at = p % positions;
          if (!tap_inside(s, q, at)) continue;
          taps[q][n++] = t;
          const int iy = oy * s->stride - s->pad + at / s->kernel;
          const int ix = ox * s->stride - s->pad + at % s->kernel;
          const float *src = xt + ((size_t)c * hw + iy * s->width + ix) * lanes;
          for (int sl = 0; sl < slivers; sl++) {
            float *dst = bp + ((size_t)(q * slivers_most + sl) * OCNNA_KC + (n - 1)) * NR;
            _mm512_store_ps(dst, _mm512_load_ps(src + sl * NR));
            _mm512_store_ps(dst + 16, _mm512_load_ps(src + sl * NR + 16));
          }
        }
        counts[q] = n;
      }
      for (int ic = 0; ic < outputs; ic += mc) {
        const int mcur = outputs - ic < mc ? outputs - ic : mc;
        ocnna_pack_a(0, w, rows, ic, pc, mcur, kc, mr, ap);
        for (int q = 0; q < plane; q++) {
          for (int sl = 0; sl < slivers; sl++) {
            const int cols = count - sl * NR < NR ? count - sl * NR : NR;
            const float *bs = bp + (size_t)(q * slivers_most + sl) * OCNNA_KC * NR;
            float *tile = sums + ((size_t)(q * slivers_most + sl) * padded_outputs + ic) * NR;
            for (int ir = 0; ir < mcur; ir += mr) {
              const int height = mcur - ir < mr ? mcur - ir : mr;
              const float *as = ap + (size_t)ir * kc;
              if (narrow)
                ocnna_kernel_8x32_taps(counts[q], as, taps[q], bs, tile + (size_t)ir * NR, NR,
                                       height, cols, beta);
              else
                ocnna_kernel_12x32_taps(counts[q], as, taps[q], bs, tile + (size_t)ir * NR, NR,
                                        height, cols, beta);
            }
          }
        }
      }
    }
    store_sums(sums, slivers_most, padded_outputs, plane, outputs, y, out_channels, out_base,
               ib, count);
  }
  free(xt);
}
#endif

int ocnna_conv_forward_pixel_major(const ocnna_conv_shape *shape, const float *x, int in_base,
                                   int inputs, const float *w, int outputs, float *y,
                                   int out_channels, int out_base, long first, long end) {
#if defined(__x86_64__) || defined(__i386__)
  const long plane = (long)shape->out_height * shape->out_width;
  if (ocnna_sgemm_level() < 2 || plane > MAX_PLANE || shape->pad == 0 ||
      shape->kernel * shape->kernel > MAX_TAPS || first % plane != 0 || end % plane != 0 ||
      end - first < NR * plane || outputs <= 0 || inputs <= 0)
    return 0;
  forward(shape, x, in_base, inputs, w, outputs, y, out_channels, out_base, first / plane,
          end / plane);
  return 1;
#else
  return 0;
#endif
}
