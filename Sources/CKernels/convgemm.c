// Implicit-GEMM convolution (AVX-512): the GEMM of im2col lowering, with the im2col matrix
// never stored. B's 32-column slivers are packed straight from the NCHW images and C's
// tiles stored straight into the NCHW output, so the three passes of the lowered form —
// writing the column matrix, packing it, and copying the GEMM's block back into NCHW —
// become one packing pass over data that stays in cache (on a ResNet-56 step those passes
// were a third of the time). The weight gradient packs both of its operands the same way,
// from the images and from the output gradient. Stride-1 layers hand over to kernels
// that skip the packing where measured faster (convforwardshifted.c on planes of 16 × 16
// and larger, convweightdirect.c for at most 32 output channels). Elsewhere (no AVX-512)
// the engine keeps im2col + GEMM.
#include "ckernels.h"
#include "convolution_internal.h"
#include "sgemm_internal.h"

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

enum { NR = 32 };

// A run of consecutive columns inside one output row of one image.
typedef struct {
  long offset;  // input offset of (image, in_base, oy·stride − pad, ox·stride − pad)
  int row;      // oy·stride − pad: the input row the run sees at ky = 0
  int column;   // ox·stride − pad: the input column of its first pixel at kx = 0
  int lane;     // position of its first column among the columns split
  int length;
} segment;

// Splits columns first ..< first + count into runs that stay within one output row.
static int split_columns(const ocnna_conv_shape *s, int in_base, long first, int count,
                         segment *out) {
  const int plane = s->out_height * s->out_width;
  long image = first / plane;
  int pixel = (int)(first % plane), lane = 0, n = 0;
  while (lane < count) {
    int oy = pixel / s->out_width, ox = pixel % s->out_width;
    int length = s->out_width - ox;
    if (length > count - lane) length = count - lane;
    segment g;
    g.row = oy * s->stride - s->pad;
    g.column = ox * s->stride - s->pad;
    g.offset = (image * s->channels + in_base) * (long)s->height * s->width +
               (long)g.row * s->width + g.column;
    g.lane = lane;
    g.length = length;
    out[n++] = g;
    lane += length;
    pixel += length;
    if (pixel == plane) {
      pixel = 0;
      image++;
    }
  }
  return n;
}

// The lanes [lo, hi) of a run that fall inside the input row at kernel column kx.
static inline void valid_lanes(const ocnna_conv_shape *s, const segment *g, int kx, int *lo,
                               int *hi) {
  if (s->stride == 1) {
    int first = g->column + kx;
    *lo = first < 0 ? -first : 0;
    *hi = s->width - first < g->length ? s->width - first : g->length;
  } else {
    // ix = column + t·stride + kx in [0, width).
    int first = g->column + kx, l = 0;
    while (l < g->length && first + l * s->stride < 0) l++;
    int h = l;
    while (h < g->length && first + h * s->stride < s->width) h++;
    *lo = l;
    *hi = h;
  }
  if (*hi < *lo) *hi = *lo;
}

// The most kernel positions (k²) whose masks pack_b_image precomputes: up to 7 × 7.
enum { MAX_POSITIONS = 49 };

// For each kernel position (ky, kx) and each run of a 32-column sliver (stride 1): the
// 32-bit lane mask of the run's columns that fall inside the input, and the offset (from
// the channel plane) of the address lane 0 would read. Lane L reads that address + L: lane
// 0 may lie before the run, but masked loads read only the masked-in lanes.
static void run_table(const ocnna_conv_shape *s, int k, const segment *runs, int count,
                      uint32_t *masks, long *offsets) {
  for (int at = 0; at < k * k; at++) {
    const int ky = at / k, kx = at % k;
    for (int g = 0; g < count; g++) {
      const segment *run = &runs[g];
      int iy = run->row + ky, lo = 0, hi = 0;
      if (iy >= 0 && iy < s->height) valid_lanes(s, run, kx, &lo, &hi);
      masks[at * NR + g] =
          hi > lo ? (uint32_t)((((uint64_t)1 << (hi - lo)) - 1) << (run->lane + lo)) : 0;
      offsets[at * NR + g] = run->offset + (long)ky * s->width + kx - run->lane;
    }
  }
}

// B[p0 + p][j0 + j] = im2col(x) into 32-column slivers, each p-major (as the micro-kernel
// reads them). With stride 1, each run of a sliver needs one masked load per 16 lanes:
// masked-off lanes (padding) are zero and never touch memory. A run's mask and offset
// depend only on the kernel position (ky, kx), not on the channel, so they are worked out
// once per sliver and the loop over depth is loads and stores only.
__attribute__((target("avx512f"))) static void pack_b_image(const ocnna_conv_shape *s,
                                                            const float *x, int in_base,
                                                            int p0, int depth, long j0,
                                                            int cols, float *out) {
  const int k = s->kernel, positions = k * k;
  const long hw = (long)s->height * s->width;
  segment runs[NR];
  uint32_t masks[MAX_POSITIONS * NR];
  long offsets[MAX_POSITIONS * NR];
  const int precomputed = s->stride == 1 && positions <= MAX_POSITIONS;
  for (int sl = 0; sl < cols; sl += NR) {
    const int width = cols - sl < NR ? cols - sl : NR;
    const int count = split_columns(s, in_base, j0 + sl, width, runs);
    float *dst = out + (size_t)sl * depth;
    int c = p0 / positions, q = p0 % positions;
    if (precomputed) {
      run_table(s, k, runs, count, masks, offsets);
      for (int p = 0; p < depth; p++, dst += NR) {
        const float *plane = x + c * hw;
        __m512 v0 = _mm512_setzero_ps(), v1 = _mm512_setzero_ps();
        for (int g = 0; g < count; g++) {
          const uint32_t mask = masks[q * NR + g];
          const float *lane0 = plane + offsets[q * NR + g];
          v0 = _mm512_mask_loadu_ps(v0, (__mmask16)mask, lane0);
          v1 = _mm512_mask_loadu_ps(v1, (__mmask16)(mask >> 16), lane0 + 16);
        }
        _mm512_store_ps(dst, v0);
        _mm512_store_ps(dst + 16, v1);
        if (++q == positions) {
          q = 0;
          c++;
        }
      }
      continue;
    }
    for (int p = 0; p < depth; p++, dst += NR) {
      const int ky = q / k, kx = q % k;
      float lanes[NR] __attribute__((aligned(64))) = {0};
      const long channel = c * hw + (long)ky * s->width + kx;
      for (int g = 0; g < count; g++) {
        const segment *run = &runs[g];
        int iy = run->row + ky, lo, hi;
        if (iy < 0 || iy >= s->height) continue;
        valid_lanes(s, run, kx, &lo, &hi);
        const float *src = x + run->offset + channel;
        for (int t = lo; t < hi; t++) lanes[run->lane + t] = src[(long)t * s->stride];
      }
      _mm512_store_ps(dst, _mm512_load_ps(lanes));
      _mm512_store_ps(dst + 16, _mm512_load_ps(lanes + 16));
      if (++q == positions) {
        q = 0;
        c++;
      }
    }
  }
}

// op(B)[p][r] = im2col(x)[r0 + r][j0 + p] for rows r0 ..< r0 + rows and depth columns,
// into 32-row slivers, each p-major: the im2col matrix transposed, as the weight
// gradient dW = dY · im2colᵀ needs it. Sixteen rows × sixteen columns at a time: each
// row's 16 columns are masked loads straight from the image (as in pack_b_image), then
// one register transpose turns them into 16 columns of 16 rows.
__attribute__((target("avx512f"))) static void pack_b_image_transposed(
    const ocnna_conv_shape *s, const float *x, int in_base, int r0, int rows, long j0,
    int depth, float *out) {
  const int k = s->kernel, positions = k * k;
  const long hw = (long)s->height * s->width;
  segment runs[16];
  uint16_t masks[MAX_POSITIONS * 16];
  long offsets[MAX_POSITIONS * 16];
  const int padded = (rows + NR - 1) / NR * NR;
  for (int p0 = 0; p0 < depth; p0 += 16) {
    const int width = depth - p0 < 16 ? depth - p0 : 16;
    const int count = split_columns(s, in_base, j0 + p0, width, runs);
    for (int at = 0; at < positions; at++) {
      const int ky = at / k, kx = at % k;
      for (int g = 0; g < count; g++) {
        const segment *run = &runs[g];
        int iy = run->row + ky, lo = 0, hi = 0;
        if (iy >= 0 && iy < s->height) valid_lanes(s, run, kx, &lo, &hi);
        masks[at * 16 + g] =
            hi > lo ? (uint16_t)((((uint32_t)1 << (hi - lo)) - 1) << (run->lane + lo)) : 0;
        offsets[at * 16 + g] = run->offset + (long)ky * s->width + kx - run->lane;
      }
    }
    for (int r = 0; r < padded; r += 16) {
      __m512 v[16];
      for (int i = 0; i < 16; i++) {
        const int row = r0 + r + i;
        v[i] = _mm512_setzero_ps();
        if (r + i >= rows) continue;
        const int c = row / positions, at = row % positions;
        const float *plane = x + c * hw;
        if (s->stride == 1) {
          for (int g = 0; g < count; g++)
            v[i] = _mm512_mask_loadu_ps(v[i], masks[at * 16 + g], plane + offsets[at * 16 + g]);
          continue;
        }
        float lanes[16] __attribute__((aligned(64))) = {0};
        const int ky = at / k, kx = at % k;
        for (int g = 0; g < count; g++) {
          const segment *run = &runs[g];
          int iy = run->row + ky, lo, hi;
          if (iy < 0 || iy >= s->height) continue;
          valid_lanes(s, run, kx, &lo, &hi);
          const float *src = plane + run->offset + (long)ky * s->width + kx;
          for (int t = lo; t < hi; t++) lanes[run->lane + t] = src[(long)t * s->stride];
        }
        v[i] = _mm512_load_ps(lanes);
      }
      ocnna_transpose_16x16(v);
      float *dst = out + (size_t)(r / NR * NR) * depth + (r % NR);
      for (int p = 0; p < width; p++) _mm512_store_ps(dst + (size_t)(p0 + p) * NR, v[p]);
    }
  }
}

// op(A)[o][p] = dY[out_base + o][j0 + p] (the NCHW output gradient's channels as rows,
// columns across images) into slivers of mr rows, each p-major.
static void pack_a_gradient(const float *dy, int plane, int outputs, int out_channels,
                            int out_base, long j0, int depth, int mr, float *out) {
  for (int sl = 0; sl < outputs; sl += mr) {
    const int height = outputs - sl < mr ? outputs - sl : mr;
    float *sliver = out + (size_t)sl * depth;
    for (int o = 0; o < height; o++) {
      long image = j0 / plane;
      int pixel = (int)(j0 % plane), p = 0;
      while (p < depth) {
        int run = plane - pixel < depth - p ? plane - pixel : depth - p;
        const float *src = dy + ((size_t)image * out_channels + out_base + sl + o) * plane + pixel;
        for (int t = 0; t < run; t++) sliver[(size_t)(p + t) * mr + o] = src[t];
        p += run;
        pixel = 0;
        image++;
      }
    }
    for (int o = height; o < mr; o++)
      for (int p = 0; p < depth; p++) sliver[(size_t)p * mr + o] = 0;
  }
}

__attribute__((target("avx512f"))) static inline void tile_kernel(int narrow, int depth,
                                                                  const float *a, const float *b,
                                                                  float *c, int ldc, int rows,
                                                                  int cols, float beta) {
  if (narrow)
    ocnna_kernel_8x32(depth, a, b, c, ldc, rows, cols, 1.0f, beta);
  else
    ocnna_kernel_12x32(depth, a, b, c, ldc, rows, cols, 1.0f, beta);
}

// Stores (beta = 0) or adds (beta = 1) a tile whose columns span several images, starting
// at `pixel` of `image`: each image's columns are contiguous in its channel planes, so they
// go as masked vector runs. A scalar store per value, with a division to find its image,
// cost a third of the time of VGG-16's 4 × 4 and 2 × 2 layers.
__attribute__((target("avx512f"))) static void store_spanning_tile(
    const float *tile, float *y, long image, int pixel, int plane, int out_channels, int o,
    int height, int cols, float beta) {
  for (int q = 0; q < cols; image++, pixel = 0) {
    const int length = plane - pixel < cols - q ? plane - pixel : cols - q;
    float *base = y + ((size_t)image * out_channels + o) * plane + pixel;
    for (int i = 0; i < height; i++) {
      const float *from = tile + i * NR + q;
      float *to = base + (size_t)i * plane;
      for (int k = 0; k < length; k += 16) {
        const int n = length - k < 16 ? length - k : 16;
        const __mmask16 mask = (__mmask16)((1u << n) - 1);
        __m512 value = _mm512_maskz_loadu_ps(mask, from + k);
        if (beta != 0) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, to + k));
        _mm512_mask_storeu_ps(to + k, mask, value);
      }
    }
    q += length;
  }
}

// Planes of at most 8 pixels (VGG-16's 2 × 2 layers): every tile's columns span four or
// more images, whose channel planes lie out_channels · plane floats apart (8 KiB at 512 ×
// 2 × 2), so summing depth blocks in the output itself read and wrote lines that share a
// few cache sets — half the time of those layers went to those loads. Instead the depth
// blocks are summed in a contiguous per-thread buffer (each 32-column sliver's rows at
// stride 32) and stored into the output once: the additions are the same, in the same
// order. Measured (2 threads, 128 images): 512 → 512 at 2 × 2 147 → 189 GFLOPS; at 4 × 4
// (two images a tile) it was 0–3 % slower, so 16-pixel planes keep the direct store. Padded
// layers with at least 32 images a thread now go pixel-major (convpixelmajor.c) instead;
// this serves the rest (1 × 1 convolutions, fewer images).
__attribute__((target("avx512f"))) static void store_spanned_block(
    const float *sums, int padded_outputs, float *y, long jc, int nc, int plane,
    int out_channels, int out_base, int outputs) {
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = nc - jr < NR ? nc - jr : NR;
    const long j = jc + jr;
    store_spanning_tile(sums + (size_t)jr * padded_outputs, y, j / plane, (int)(j % plane),
                        plane, out_channels, out_base, outputs, cols, 0.0f);
  }
}

__attribute__((target("avx512f"))) static void conv_forward(
    const ocnna_conv_shape *s, const float *x, int in_base, int inputs, const float *w,
    int outputs, float *y, int out_channels, int out_base, long first, long end) {
  const int rows = inputs * s->kernel * s->kernel, plane = s->out_height * s->out_width;
  const int narrow = ocnna_prefers_8_rows(outputs), mr = narrow ? 8 : 12;
  const int mc = mr * OCNNA_MC_BLOCKS;
  const int padded_outputs = (outputs + mr - 1) / mr * mr;
  const int small_planes = plane * 4 <= NR;
  float *ap = ocnna_packing_a((size_t)OCNNA_KC * (mc + mr));
  float *bp = ocnna_packing_b((size_t)OCNNA_KC * (OCNNA_NC + NR));
  float *sums = small_planes ? ocnna_packing_c((size_t)padded_outputs * (OCNNA_NC + NR)) : 0;
  for (long jc = first; jc < end; jc += OCNNA_NC) {
    const int nc = end - jc < OCNNA_NC ? (int)(end - jc) : OCNNA_NC;
    for (int pc = 0; pc < rows; pc += OCNNA_KC) {
      const int kc = rows - pc < OCNNA_KC ? rows - pc : OCNNA_KC;
      const float beta = pc == 0 ? 0.0f : 1.0f;
      pack_b_image(s, x, in_base, pc, kc, jc, nc, bp);
      for (int ic = 0; ic < outputs; ic += mc) {
        const int mcur = outputs - ic < mc ? outputs - ic : mc;
        ocnna_pack_a(0, w, rows, ic, pc, mcur, kc, mr, ap);
        for (int jr = 0; jr < nc; jr += NR) {
          const int cols = nc - jr < NR ? nc - jr : NR;
          const long j = jc + jr, image = j / plane;
          const int pixel = (int)(j % plane);
          const float *bs = bp + (size_t)jr * kc;
          for (int ir = 0; ir < mcur; ir += mr) {
            const int height = mcur - ir < mr ? mcur - ir : mr;
            const int o = out_base + ic + ir;
            const float *as = ap + (size_t)ir * kc;
            if (small_planes) {
              float *ct = sums + (size_t)jr * padded_outputs + (size_t)(ic + ir) * NR;
              tile_kernel(narrow, kc, as, bs, ct, NR, height, cols, beta);
              continue;
            }
            if (pixel + cols <= plane) {
              // The tile's columns are one image's pixels: store into its channel planes.
              float *ct = y + ((size_t)image * out_channels + o) * plane + pixel;
              tile_kernel(narrow, kc, as, bs, ct, plane, height, cols, beta);
              continue;
            }
            // A tile across the end of one image's plane and the start of the next.
            float tile[12 * NR] __attribute__((aligned(64)));
            tile_kernel(narrow, kc, as, bs, tile, NR, height, cols, 0.0f);
            store_spanning_tile(tile, y, image, pixel, plane, out_channels, o, height, cols,
                                beta);
          }
        }
      }
    }
    if (small_planes)
      store_spanned_block(sums, padded_outputs, y, jc, nc, plane, out_channels, out_base,
                          outputs);
  }
}

__attribute__((target("avx512f"))) static void conv_weight_gradient(
    const ocnna_conv_shape *s, const float *x, int in_base, int inputs, const float *dy,
    int outputs, int out_channels, int out_base, long first, long end, float *dw) {
  const int rows = inputs * s->kernel * s->kernel, plane = s->out_height * s->out_width;
  const int narrow = ocnna_prefers_8_rows(outputs), mr = narrow ? 8 : 12;
  const int padded_outputs = (outputs + mr - 1) / mr * mr;
  float *ap = ocnna_packing_a((size_t)OCNNA_KC * padded_outputs);
  float *bp = ocnna_packing_b((size_t)OCNNA_KC * (OCNNA_NC + NR));
  for (long pc = first; pc < end; pc += OCNNA_KC) {
    const int kc = end - pc < OCNNA_KC ? (int)(end - pc) : OCNNA_KC;
    const float beta = pc == first ? 0.0f : 1.0f;
    pack_a_gradient(dy, plane, outputs, out_channels, out_base, pc, kc, mr, ap);
    for (int jc = 0; jc < rows; jc += OCNNA_NC) {
      const int nc = rows - jc < OCNNA_NC ? rows - jc : OCNNA_NC;
      pack_b_image_transposed(s, x, in_base, jc, nc, pc, kc, bp);
      for (int jr = 0; jr < nc; jr += NR) {
        const int cols = nc - jr < NR ? nc - jr : NR;
        const float *bs = bp + (size_t)jr * kc;
        for (int ir = 0; ir < outputs; ir += mr) {
          const int height = outputs - ir < mr ? outputs - ir : mr;
          tile_kernel(narrow, kc, ap + (size_t)ir * kc, bs, dw + (size_t)ir * rows + jc + jr, rows,
                      height, cols, beta);
        }
      }
    }
  }
}
#endif

int ocnna_conv_forward(const ocnna_conv_shape *shape, const float *x, int in_base, int inputs,
                       const float *w, int outputs, float *y, int out_channels, int out_base,
                       long first, long end) {
#if defined(__x86_64__) || defined(__i386__)
  if (ocnna_sgemm_level() < 2) return 0;
  if (end > first && outputs > 0 &&
      !ocnna_conv_forward_shifted(shape, x, in_base, inputs, w, outputs, y, out_channels,
                                  out_base, first, end) &&
      !ocnna_conv_forward_pixel_major(shape, x, in_base, inputs, w, outputs, y, out_channels,
                                      out_base, first, end))
    conv_forward(shape, x, in_base, inputs, w, outputs, y, out_channels, out_base, first, end);
  return 1;
#else
  return 0;
#endif
}

int ocnna_conv_weight_gradient(const ocnna_conv_shape *shape, const float *x, int in_base,
                               int inputs, const float *dy, int outputs, int out_channels,
                               int out_base, long first, long end, float *dw) {
#if defined(__x86_64__) || defined(__i386__)
  if (ocnna_sgemm_level() < 2) return 0;
  if (outputs <= 0) return 1;
  if (end <= first) {
    for (long i = 0; i < (long)inputs * shape->kernel * shape->kernel * outputs; i++) dw[i] = 0;
    return 1;
  }
  if (!ocnna_conv_weight_gradient_direct(shape, x, in_base, inputs, dy, outputs, out_channels,
                                         out_base, first, end, dw))
    conv_weight_gradient(shape, x, in_base, inputs, dy, outputs, out_channels, out_base, first,
                         end, dw);
  return 1;
#else
  return 0;
#endif
}
