// The forward pass of a stride-1 convolution from shifted planes (AVX-512), B never packed.
//
// The implicit GEMM packs each 32-column sliver of the im2col matrix from the image with
// masked loads: k² values written per input value, each feeding only as many multiply–adds
// as the layer has output channels (16–64 on the CIFAR ResNets), and 17 % of a ResNet-56
// step. From the k shifted planes of the input (shiftedplanes.c) row p = (c, ky, kx) of a
// 32-pixel tile of B is already 32 contiguous floats, at V_kx[c] + ky · wo + the tile's
// first pixel: the micro-kernel reads them in place through a table of k² · channels
// offsets, and building the planes moves k values per input value with plain copies.
// "Same" convolutions of at most 32 outputs skip the planes too and read the image in place.
#include "convolution_internal.h"
#include "sgemm_internal.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
enum { NR = 32, MAX_POSITIONS = 49, GROUP_FLOATS = 1 << 17, MIN_PIXELS = 256 };

// "Same" convolutions (output as large as the input: stride 1, pad = (k − 1) / 2) need no
// shifted planes at all: row p = (c, ky, kx) of a 32-pixel tile of B is the 32 floats of
// channel c's plane at the tile's first pixel + (ky − pad) · w + kx − pad, except the lanes
// whose input pixel lies outside the plane (a row above or below, a column across the
// left or right edge, past the last pixel). Those depend on the tile and (ky, kx) only:
// masks[tile · k² + ky · k + kx] holds the lanes inside, and a masked-load micro-kernel
// reads the image in place.
static void in_place_masks(const ocnna_conv_shape *s, int tiles, uint32_t *masks) {
  const int k = s->kernel, positions = k * k;
  memset(masks, 0, sizeof(uint32_t) * tiles * positions);
  int pixel = 0;
  for (int oy = 0; oy < s->height; oy++)
    for (int ox = 0; ox < s->width; ox++, pixel++)
      for (int at = 0; at < positions; at++) {
        const int iy = oy + at / k - s->pad, ix = ox + at % k - s->pad;
        if (iy >= 0 && iy < s->height && ix >= 0 && ix < s->width)
          masks[pixel / NR * positions + at] |= 1u << (pixel % NR);
      }
}

// The forward pass over images first_image ..< end_image, from shifted planes or, with
// `in_place`, from the image itself: the same depth blocks and the same micro-kernel order
// of additions either way, so both give the same bits.
__attribute__((target("avx512f"))) static void forward(const ocnna_conv_shape *s, const float *x,
                                                       int in_base, int inputs, const float *w,
                                                       int outputs, float *y, int out_channels,
                                                       int out_base, long first_image,
                                                       long end_image, int in_place) {
  const ocnna_shifted_planes p = ocnna_shifted_geometry(s);
  const int k = p.k, positions = k * k, rows = inputs * positions;
  const int tiles = (p.pixels + NR - 1) / NR;
  // Depth blocks of whole channels, at most OCNNA_KC rows.
  const int block_channels = OCNNA_KC / positions < 1 ? 1 : OCNNA_KC / positions;
  const int block = block_channels < inputs ? block_channels : inputs;
  const int narrow = ocnna_prefers_8_rows(outputs), mr = narrow ? 8 : 12;
  const int mc = mr * OCNNA_MC_BLOCKS;
  // Groups of images whose floats stay in cache while every depth block adds into the
  // outputs: a depth block's shifted planes, or in place its input planes and the outputs.
  const long image_floats =
      in_place ? (long)(block + outputs) * p.pixels : (long)block * k * p.stride;
  long group = GROUP_FLOATS / image_floats;
  if (group < 1) group = 1;
  if (group > end_image - first_image) group = end_image - first_image;
  float *ap = ocnna_packing_a((size_t)OCNNA_KC * (mc + mr));
  float *v = 0;
  uint32_t *masks = 0;
  if (in_place) {
    masks = (uint32_t *)ocnna_packing_b((size_t)tiles * positions);
    in_place_masks(s, tiles, masks);
  } else {
    // The last tile of a plane may read up to 32 floats past it: zeros, never stored.
    v = ocnna_packing_b((size_t)(image_floats * group + NR));
    memset(v + image_floats * group, 0, sizeof(float) * NR);
  }
  long offsets[OCNNA_KC > MAX_POSITIONS ? OCNNA_KC : MAX_POSITIONS];
  for (long n0 = first_image; n0 < end_image; n0 += group) {
    const int g = (int)(end_image - n0 < group ? end_image - n0 : group);
    for (int c0 = 0; c0 < inputs; c0 += block_channels) {
      const int cb = inputs - c0 < block_channels ? inputs - c0 : block_channels;
      const int kc = cb * positions, pc = c0 * positions;
      const float beta = c0 == 0 ? 0.0f : 1.0f;
      if (!in_place) ocnna_shift_planes(&p, x, s->channels, in_base + c0, cb, n0, g, v);
      for (int q = 0; q < kc; q++) {
        const int c = q / positions, at = q % positions, ky = at / k, kx = at % k;
        offsets[q] = in_place ? (long)c * p.pixels + (long)(ky - p.pad) * p.w + kx - p.pad
                              : (long)(c * k + kx) * g * p.stride + (long)ky * p.wo;
      }
      for (int ic = 0; ic < outputs; ic += mc) {
        const int mcur = outputs - ic < mc ? outputs - ic : mc;
        ocnna_pack_a(0, w, rows, ic, pc, mcur, kc, mr, ap);
        for (int n = 0; n < g; n++) {
          float *out = y + ((n0 + n) * out_channels + out_base + ic) * (long)p.pixels;
          const float *source =
              in_place ? x + ((n0 + n) * s->channels + in_base + c0) * (long)p.pixels
                       : v + n * p.stride;
          for (int t = 0; t < tiles; t++) {
            const int j = t * NR, cols = p.pixels - j < NR ? p.pixels - j : NR;
            const float *b = source + j;
            for (int ir = 0; ir < mcur; ir += mr) {
              const int height = mcur - ir < mr ? mcur - ir : mr;
              const float *a = ap + (size_t)ir * kc;
              float *c = out + (long)ir * p.pixels + j;
              if (in_place && narrow)
                ocnna_kernel_8x32_masked_rows(kc, a, b, offsets, masks + t * positions,
                                              positions, c, p.pixels, height, cols, beta);
              else if (in_place)
                ocnna_kernel_12x32_masked_rows(kc, a, b, offsets, masks + t * positions,
                                               positions, c, p.pixels, height, cols, beta);
              else if (narrow)
                ocnna_kernel_8x32_rows(kc, a, b, offsets, c, p.pixels, height, cols, beta);
              else
                ocnna_kernel_12x32_rows(kc, a, b, offsets, c, p.pixels, height, cols, beta);
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
  forward(shape, x, in_base, inputs, w, outputs, y, out_channels, out_base, first / plane,
          end / plane, same);
  return 1;
#else
  return 0;
#endif
}
