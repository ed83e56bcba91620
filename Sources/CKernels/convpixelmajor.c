// Implicit-GEMM convolution on small planes with one output pixel per tile (AVX-512).
//
// On a 4 × 4 or 2 × 2 plane (or 8 × 8) a padded 3 × 3 kernel reaches into the padding for
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

// Planes of at most 16 pixels: on 8 × 8 planes (16 % of taps skipped) the transposes and
// the stores cost what the skipped taps saved (2 threads, 128 images: 256 → 256 206 →
// 214 GFLOPS nominal, 128 → 256 201 → 193, 64 → 64 143 → 130), against 2.4 × on 2 × 2
// (512 → 512, 147 → 354) and 1.36 × on 4 × 4 (512 → 512, 207 → 281).
enum { NR = 32, MAX_PLANE = 16, MAX_TAPS = 49 };

// Whether kernel position `at` of output pixel q reads inside the input.
static int tap_inside(const ocnna_conv_shape *s, int q, int at) {
  const int oy = q / s->out_width, ox = q % s->out_width;
  const int iy = oy * s->stride - s->pad + at / s->kernel;
  const int ix = ox * s->stride - s->pad + at % s->kernel;
  return iy >= 0 && iy < s->height && ix >= 0 && ix < s->width;
}

// xt[(c · hw + pixel) · lanes + i] = x[image0 + i][in_base + c][pixel], zero for i ≥ count.
__attribute__((target("avx512f"))) static void transpose_images(
    const ocnna_conv_shape *s, const float *x, int in_base, int inputs, long image0,
    int count, int lanes, float *xt) {
  const int hw = s->height * s->width;
  for (int c = 0; c < inputs; c++) {
    float *rows = xt + (size_t)c * hw * lanes;
    for (int i = 0; i < count; i++) {
      const float *plane = x + ((size_t)(image0 + i) * s->channels + in_base + c) * hw;
      for (int pixel = 0; pixel < hw; pixel++) rows[(size_t)pixel * lanes + i] = plane[pixel];
    }
    for (int pixel = 0; pixel < hw; pixel++)
      for (int i = count; i < lanes; i++) rows[(size_t)pixel * lanes + i] = 0;
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
  float *xt = aligned_alloc(64, sizeof(float) * (size_t)inputs * hw * most);
  if (!xt) abort();
  int taps[MAX_PLANE][OCNNA_KC], counts[MAX_PLANE];
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
    for (int i = 0; i < count; i++) {
      const int sl = i / NR, lane = i % NR;
      for (int o = 0; o < outputs; o++) {
        float *to = y + ((size_t)(ib + i) * out_channels + out_base + o) * plane;
        const float *from = sums + ((size_t)sl * padded_outputs + o) * NR + lane;
        for (int q = 0; q < plane; q++)
          to[q] = from[(size_t)q * slivers_most * padded_outputs * NR];
      }
    }
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
