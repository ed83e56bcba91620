// The weight gradient of a stride-1 convolution without packing (AVX-512).
//
// The implicit GEMM computes dW = dY · im2col(x)ᵀ by packing the im2col matrix transposed,
// 16 × 16 at a time with masked loads and a register transpose; on the 16–64-channel
// layers of the CIFAR ResNets each packed value then feeds only 16–64 multiply–adds, and
// that packing was 60 % of the weight gradient's time. With stride 1 the im2col matrix is
// not needed at all: for a kernel position (ky, kx),
//
//   dW[o][c][ky][kx] = Σ_n Σ_j dY[n][o][j] · V_kx[c][n][j + ky · Wo],
//
// where j runs over the output pixels (oy · Wo + ox) and V_kx is the input plane shifted by
// kx − pad columns, cut to Wo columns and padded with pad zero rows above and below
// (H + 2·pad rows), zeros wherever the kernel sees padding. Both operands are then
// contiguous runs of floats: the product is a sum of inner products, computed 4 output ×
// 4 input channels at a time in 16 vector accumulators per kernel position, summed
// horizontally once per block. The k shifted planes are built for 4 input channels of a
// group of images at a time (about 3× the input's size), which stays in cache while every
// output channel and kernel position reads it. Used for at most 32 output channels, where
// packing costs more than it saves.
#include "convolution_internal.h"
#include "sgemm_internal.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

enum { OUT_BLOCK = 4, IN_BLOCK = 4, GROUP_FLOATS = 1 << 15, MAX_OUTPUTS = 32 };

// acc[o · 4 + c] += Σ over `group` images and pixels [j0, j1) of dy[o][j] · v[c][j], where
// image n's rows start at dy[o] + n · dy_stride and v[c] + n · v_stride: 16 vector
// accumulators, each step loading 4 + 4 vectors for 16 fused multiply–adds. The caller
// keeps the chunk small enough for L1 (every kernel position reads the same dY rows).
__attribute__((target("avx512f"))) static void inner_products_4x4(
    int group, int j0, int j1, const float *const dy[OUT_BLOCK], long dy_stride,
    const float *const v[IN_BLOCK], long v_stride, __m512 *sums) {
  __m512 acc[OUT_BLOCK * IN_BLOCK];
  for (int i = 0; i < OUT_BLOCK * IN_BLOCK; i++) acc[i] = _mm512_load_ps((float *)&sums[i]);
  const int full = j0 + (j1 - j0) / 16 * 16;
  const __mmask16 tail = (__mmask16)((1u << (j1 - full)) - 1);
  for (int n = 0; n < group; n++) {
    const float *a[OUT_BLOCK], *b[IN_BLOCK];
    for (int o = 0; o < OUT_BLOCK; o++) a[o] = dy[o] + n * dy_stride;
    for (int c = 0; c < IN_BLOCK; c++) b[c] = v[c] + n * v_stride;
    // Constant trip counts: the compiler unrolls both loops into registers.
    for (int j = j0; j < full; j += 16) {
      __m512 d[OUT_BLOCK];
      for (int o = 0; o < OUT_BLOCK; o++) d[o] = _mm512_loadu_ps(a[o] + j);
      for (int c = 0; c < IN_BLOCK; c++) {
        const __m512 s = _mm512_loadu_ps(b[c] + j);
        for (int o = 0; o < OUT_BLOCK; o++)
          acc[o * IN_BLOCK + c] = _mm512_fmadd_ps(d[o], s, acc[o * IN_BLOCK + c]);
      }
    }
    if (full < j1) {
      __m512 d[OUT_BLOCK];
      for (int o = 0; o < OUT_BLOCK; o++) d[o] = _mm512_maskz_loadu_ps(tail, a[o] + full);
      for (int c = 0; c < IN_BLOCK; c++) {
        const __m512 s = _mm512_maskz_loadu_ps(tail, b[c] + full);
        for (int o = 0; o < OUT_BLOCK; o++)
          acc[o * IN_BLOCK + c] = _mm512_fmadd_ps(d[o], s, acc[o * IN_BLOCK + c]);
      }
    }
  }
  for (int i = 0; i < OUT_BLOCK * IN_BLOCK; i++) _mm512_store_ps((float *)&sums[i], acc[i]);
}

// Pixels per chunk: dY's 4 rows and the shifted planes' 4 × k rows of one chunk stay in L1
// while all k² kernel positions read them.
enum { CHUNK_PIXELS = 256 };

__attribute__((target("avx512f"))) static void weight_gradient(
    const ocnna_conv_shape *s, const float *x, int in_base, int inputs, const float *dy,
    int outputs, int out_channels, int out_base, long first_image, long end_image, float *dw) {
  const ocnna_shifted_planes p = ocnna_shifted_geometry(s);
  const int k = p.k, positions = k * k, rows = inputs * positions;
  const long block_floats = (long)IN_BLOCK * k * p.stride;
  long group = GROUP_FLOATS / block_floats;
  if (group < 1) group = 1;
  // A chunk is part of one image's plane, or whole images when planes are small.
  const int chunk_pixels = p.pixels < CHUNK_PIXELS ? p.pixels : CHUNK_PIXELS;
  const int chunk_images = p.pixels < CHUNK_PIXELS ? CHUNK_PIXELS / p.pixels : 1;
  float *v = ocnna_packing_b((size_t)(block_floats * group));
  // One block of 16 accumulators per kernel position, summed over every chunk.
  float *acc = ocnna_packing_a((size_t)positions * OUT_BLOCK * IN_BLOCK * 16);
  __m512 *sums = (__m512 *)acc;
  memset(dw, 0, sizeof(float) * (size_t)outputs * rows);
  for (long n0 = first_image; n0 < end_image; n0 += group) {
    const int g = (int)(end_image - n0 < group ? end_image - n0 : group);
    const float *dy_image = dy + (n0 * out_channels + out_base) * (long)p.pixels;
    const long dy_stride = (long)out_channels * p.pixels;
    for (int c0 = 0; c0 < inputs; c0 += IN_BLOCK) {
      const int cb = inputs - c0 < IN_BLOCK ? inputs - c0 : IN_BLOCK;
      ocnna_shift_planes(&p, x, s->channels, in_base + c0, cb, n0, g, v);
      for (int o0 = 0; o0 < outputs; o0 += OUT_BLOCK) {
        const int ob = outputs - o0 < OUT_BLOCK ? outputs - o0 : OUT_BLOCK;
        memset(acc, 0, sizeof(float) * (size_t)positions * OUT_BLOCK * IN_BLOCK * 16);
        for (int n = 0; n < g; n += chunk_images) {
          const int images = g - n < chunk_images ? g - n : chunk_images;
          // A partial block repeats its last channel; the repeats' sums are not stored.
          const float *dy_rows[OUT_BLOCK];
          for (int o = 0; o < OUT_BLOCK; o++)
            dy_rows[o] = dy_image + n * dy_stride + (long)(o0 + (o < ob ? o : ob - 1)) * p.pixels;
          for (int j0 = 0; j0 < p.pixels; j0 += chunk_pixels) {
            const int j1 = p.pixels - j0 < chunk_pixels ? p.pixels : j0 + chunk_pixels;
            for (int ky = 0; ky < k; ky++)
              for (int kx = 0; kx < k; kx++) {
                const float *v_rows[IN_BLOCK];
                for (int c = 0; c < IN_BLOCK; c++) {
                  const int cc = c < cb ? c : cb - 1;
                  v_rows[c] = v + ((long)(cc * k + kx) * g + n) * p.stride + (long)ky * p.wo;
                }
                inner_products_4x4(images, j0, j1, dy_rows, dy_stride, v_rows, p.stride,
                                   sums + (ky * k + kx) * OUT_BLOCK * IN_BLOCK);
              }
          }
        }
        for (int at = 0; at < positions; at++)
          for (int o = 0; o < ob; o++)
            for (int c = 0; c < cb; c++)
              dw[(long)(o0 + o) * rows + (c0 + c) * positions + at] +=
                  _mm512_reduce_add_ps(sums[(at * OUT_BLOCK + o) * IN_BLOCK + c]);
      }
    }
  }
}
#endif

int ocnna_conv_weight_gradient_direct(const ocnna_conv_shape *shape, const float *x, int in_base,
                                      int inputs, const float *dy, int outputs,
                                      int out_channels, int out_base, long first, long end,
                                      float *dw) {
#if defined(__x86_64__) || defined(__i386__)
  const long plane = (long)shape->out_height * shape->out_width;
  // Past 32 output channels each packed value of the implicit GEMM feeds enough
  // multiply–adds that packing pays (one core, 64 images of 64 → 64 channels at 8 × 8:
  // 108 GFLOPS packed against 79 here; 16 → 16 at 32 × 32: 46 packed against 90 here).
  if (ocnna_sgemm_level() < 2 || shape->stride != 1 || outputs > MAX_OUTPUTS || plane < 16 ||
      first % plane != 0 ||
      end % plane != 0 || end <= first || outputs <= 0 || inputs <= 0 ||
      shape->pad >= shape->kernel)
    return 0;
  weight_gradient(shape, x, in_base, inputs, dy, outputs, out_channels, out_base, first / plane,
                  end / plane, dw);
  return 1;
#else
  return 0;
#endif
}
