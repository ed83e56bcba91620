// The forward pass of a stride-1 convolution from shifted planes (AVX-512), B never packed.
//
// The implicit GEMM packs each 32-column sliver of the im2col matrix from the image with
// masked loads: k² values written per input value, each feeding only as many multiply–adds
// as the layer has output channels (16–64 on the CIFAR ResNets), and 17 % of a ResNet-56
// step. From the k shifted planes of the input (shiftedplanes.c) row p = (c, ky, kx) of a
// 32-pixel tile of B is already 32 contiguous floats, at V_kx[c] + ky · wo + the tile's
// first pixel: the micro-kernel reads them in place through a table of k² · channels
// offsets, and building the planes moves k values per input value with plain copies.
// "Same" convolutions of at most 32 outputs skip the planes too (`forward_in_place`).
#include "convolution_internal.h"
#include "sgemm_internal.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
enum { NR = 32, MAX_POSITIONS = 49, GROUP_FLOATS = 1 << 17, MIN_PIXELS = 256 };

// "Same" convolutions (output as large as the input: stride 1, pad = (k − 1) / 2) need no
// shifted planes at all: row p = (c, ky, kx) of a 32-pixel tile of B is the 32 floats of
// channel c's plane at the tile's first pixel + (ky − pad) · w + kx − pad, except the lanes
// whose input pixel lies outside the plane (a row above or below, a column across the
// left or right edge, past the last pixel), which depend on the tile and (ky, kx) only and
// are masked off. The micro-kernel reads the image in place; same blocking, same order of
// additions as `forward` below, so the same bits, without building the planes (8 % of a
// ResNet-56 step).
__attribute__((target("avx512f"))) static void forward_in_place(
    const ocnna_conv_shape *s, const float *x, int in_base, int inputs, const float *w,
    int outputs, float *y, int out_channels, int out_base, long first_image, long end_image) {
  const int k = s->kernel, pad = s->pad, positions = k * k, rows = inputs * positions;
  const int h = s->height, wd = s->width, pixels = h * wd, tiles = (pixels + NR - 1) / NR;
  const int block_channels = OCNNA_KC / positions < 1 ? 1 : OCNNA_KC / positions;
  const int narrow = ocnna_prefers_8_rows(outputs), mr = narrow ? 8 : 12;
  const int mc = mr * OCNNA_MC_BLOCKS;
  float *ap = ocnna_packing_a((size_t)OCNNA_KC * (mc + mr));
  // masks[tile · positions + (ky · k + kx)]: the lanes of the tile inside the input.
  uint32_t *masks = (uint32_t *)ocnna_packing_b((size_t)tiles * positions);
  memset(masks, 0, sizeof(uint32_t) * tiles * positions);
  for (int pixel = 0; pixel < pixels; pixel++) {
    const int oy = pixel / wd, ox = pixel % wd;
    for (int at = 0; at < positions; at++) {
      const int iy = oy + at / k - pad, ix = ox + at % k - pad;
      if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
        masks[pixel / NR * positions + at] |= 1u << (pixel % NR);
    }
  }
  // Groups of images whose input block and output planes stay in cache while every depth
  // block adds into the outputs.
  const long image_floats =
      (long)((block_channels < inputs ? block_channels : inputs) + outputs) * pixels;
  long group = GROUP_FLOATS / image_floats;
  if (group < 1) group = 1;
  long offsets[OCNNA_KC > MAX_POSITIONS ? OCNNA_KC : MAX_POSITIONS];
  for (long n0 = first_image; n0 < end_image; n0 += group) {
    const long n1 = end_image - n0 < group ? end_image : n0 + group;
    for (int c0 = 0; c0 < inputs; c0 += block_channels) {
      const int cb = inputs - c0 < block_channels ? inputs - c0 : block_channels;
      const int kc = cb * positions, pc = c0 * positions;
      const float beta = c0 == 0 ? 0.0f : 1.0f;
      for (int q = 0; q < kc; q++) {
        const int at = q % positions;
        offsets[q] = (long)(q / positions) * pixels + (long)(at / k - pad) * wd + at % k - pad;
      }
      for (int ic = 0; ic < outputs; ic += mc) {
        const int mcur = outputs - ic < mc ? outputs - ic : mc;
        ocnna_pack_a(0, w, rows, ic, pc, mcur, kc, mr, ap);
        for (long n = n0; n < n1; n++) {
          const float *image = x + (n * s->channels + in_base + c0) * (long)pixels;
          float *out = y + (n * out_channels + out_base + ic) * (long)pixels;
          for (int t = 0; t < tiles; t++) {
            const int j = t * NR, cols = pixels - j < NR ? pixels - j : NR;
            const uint32_t *tile_masks = masks + t * positions;
            for (int ir = 0; ir < mcur; ir += mr) {
              const int height = mcur - ir < mr ? mcur - ir : mr;
              float *c = out + (long)ir * pixels + j;
              if (narrow)
                ocnna_kernel_8x32_masked_rows(kc, ap + (size_t)ir * kc, image + j, offsets,
                                              tile_masks, positions, c, pixels, height, cols,
                                              beta);
              else
                ocnna_kernel_12x32_masked_rows(kc, ap + (size_t)ir * kc, image + j, offsets,
                                               tile_masks, positions, c, pixels, height, cols,
                                               beta);
            }
          }
        }
      }
    }
  }
}

__attribute__((target("avx512f"))) static void forward(const ocnna_conv_shape *s, const float *x,
                                                       int in_base, int inputs, const float *w,
                                                       int outputs, float *y, int out_channels,
                                                       int out_base, long first_image,
                                                       long end_image) {
  const ocnna_shifted_planes p = ocnna_shifted_geometry(s);
  const int k = p.k, positions = k * k, rows = inputs * positions;
  // Depth blocks of whole channels, at most OCNNA_KC rows.
  const int block_channels = OCNNA_KC / positions < 1 ? 1 : OCNNA_KC / positions;
  const int narrow = ocnna_prefers_8_rows(outputs), mr = narrow ? 8 : 12;
  const int mc = mr * OCNNA_MC_BLOCKS;
  const long image_floats = (long)(block_channels < inputs ? block_channels : inputs) * k *
                            p.stride;
  long group = GROUP_FLOATS / image_floats;
  if (group < 1) group = 1;
  if (group > end_image - first_image) group = end_image - first_image;
  float *ap = ocnna_packing_a((size_t)OCNNA_KC * (mc + mr));
  // The last tile of a plane may read up to 32 floats past it: zeros, never stored.
  float *v = ocnna_packing_b((size_t)(image_floats * group + NR));
  memset(v + image_floats * group, 0, sizeof(float) * NR);
  long offsets[OCNNA_KC > MAX_POSITIONS ? OCNNA_KC : MAX_POSITIONS];
  for (long n0 = first_image; n0 < end_image; n0 += group) {
    const int g = (int)(end_image - n0 < group ? end_image - n0 : group);
    for (int c0 = 0; c0 < inputs; c0 += block_channels) {
      const int cb = inputs - c0 < block_channels ? inputs - c0 : block_channels;
      const int kc = cb * positions, pc = c0 * positions;
      const float beta = c0 == 0 ? 0.0f : 1.0f;
      ocnna_shift_planes(&p, x, s->channels, in_base + c0, cb, n0, g, v);
      for (int q = 0; q < kc; q++) {
        const int c = q / positions, at = q % positions, ky = at / k, kx = at % k;
        offsets[q] = (long)(c * k + kx) * g * p.stride + (long)ky * p.wo;
      }
      for (int ic = 0; ic < outputs; ic += mc) {
        const int mcur = outputs - ic < mc ? outputs - ic : mc;
        ocnna_pack_a(0, w, rows, ic, pc, mcur, kc, mr, ap);
        for (int n = 0; n < g; n++) {
          float *out = y + ((n0 + n) * out_channels + out_base + ic) * (long)p.pixels;
          for (int j = 0; j < p.pixels; j += NR) {
            const int cols = p.pixels - j < NR ? p.pixels - j : NR;
            const float *b = v + n * p.stride + j;
            for (int ir = 0; ir < mcur; ir += mr) {
              const int height = mcur - ir < mr ? mcur - ir : mr;
              float *c = out + (long)ir * p.pixels + j;
              if (narrow)
                ocnna_kernel_8x32_rows(kc, ap + (size_t)ir * kc, b, offsets, c, p.pixels, height,
                                       cols, beta);
              else
                ocnna_kernel_12x32_rows(kc, ap + (size_t)ir * kc, b, offsets, c, p.pixels,
                                        height, cols, beta);
            }
          }
        }
      }
    }
  }
}
#endif

int ocnna_conv_forward_shifted(const ocnna_conv_shape *shape, const float *x, int in_base,
                               int inputs, const float *w, int outputs, float *y,
                               int out_channels, int out_base, long first, long end) {
#if defined(__x86_64__) || defined(__i386__)
  const long plane = (long)shape->out_height * shape->out_width;
  // On planes of 8 × 8 and smaller the packed sliver is as fast (one core, 64 images of
  // 64 → 64 channels at 8 × 8: 113–115 GFLOPS here against 117–120 packed; 16 → 16 at
  // 32 × 32: 110–118 against 86–97).
  if (ocnna_sgemm_level() < 2 || shape->stride != 1 || plane < MIN_PIXELS ||
      shape->kernel * shape->kernel > MAX_POSITIONS || shape->pad >= shape->kernel ||
      first % plane != 0 || end % plane != 0 || end <= first || outputs <= 0 || inputs <= 0)
    return 0;
  // In place only for at most 32 outputs: there building the planes is a large share
  // (one core, 64 images: 16 → 16 at 32 × 32 88–91 → 91–98 GFLOPS, 32 → 32 at 16 × 16
  // 93–96 → 92–100); on wider layers the planes' aligned rows win (64 → 64 at 32 × 32 and
  // 128 → 128 at 16 × 16, 16 images: 5–9 % slower in place).
  const int same = shape->out_height == shape->height && shape->out_width == shape->width &&
                   2 * shape->pad == shape->kernel - 1 && outputs <= 32;
  (same ? forward_in_place : forward)(shape, x, in_base, inputs, w, outputs, y, out_channels,
                                      out_base, first / plane, end / plane);
  return 1;
#else
  return 0;
#endif
}
