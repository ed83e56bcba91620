// The forward pass of a stride-1 convolution from shifted planes (AVX-512), B never packed.
//
// The implicit GEMM packs each 32-column sliver of the im2col matrix from the image with
// masked loads: k² values written per input value, each feeding only as many multiply–adds
// as the layer has output channels (16–64 on the CIFAR ResNets), and 17 % of a ResNet-56
// step. From the k shifted planes of the input (shiftedplanes.c) row p = (c, ky, kx) of a
// 32-pixel tile of B is already 32 contiguous floats, at V_kx[c] + ky · wo + the tile's
// first pixel: the micro-kernel reads them in place through a table of k² · channels
// offsets, and building the planes moves k values per input value with plain copies.
#include "convolution_internal.h"
#include "sgemm_internal.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
enum { NR = 32, MAX_POSITIONS = 49, GROUP_FLOATS = 1 << 17, MIN_PIXELS = 256 };

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
  forward(shape, x, in_base, inputs, w, outputs, y, out_channels, out_base, first / plane,
          end / plane);
  return 1;
#else
  return 0;
#endif
}
