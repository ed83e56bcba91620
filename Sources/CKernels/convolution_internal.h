// Convolution kernels that the implicit-GEMM convolution (convgemm.c) dispatches to, and
// what they share. Not part of the module's public interface.
#ifndef OCNNA_CONVOLUTION_INTERNAL_H
#define OCNNA_CONVOLUTION_INTERNAL_H

#include "ckernels.h"

/// The geometry of a stride-1 convolution's shifted planes (shiftedplanes.c): k planes per
/// input channel and image, each `rows` rows of `wo` floats; an image's planes are `stride`
/// floats apart (whole cache lines).
typedef struct {
  int k, pad, h, w, wo, rows, pixels;
  long stride;
} ocnna_shifted_planes;

ocnna_shifted_planes ocnna_shifted_geometry(const ocnna_conv_shape *shape);

/// v[((c · k + kx) · group + n) · stride + r · wo + ox] = x[n0 + n][c0 + c][r − pad]
/// [ox + kx − pad] (x NCHW with x_channels channels), zero outside the input, for c <
/// channels and n < group. Only call where AVX-512 is present.
void ocnna_shift_planes(const ocnna_shifted_planes *planes, const float *x, int x_channels,
                        int c0, int channels, long n0, int group, float *v);

/// ocnna_conv_forward for stride 1 from shifted planes, or straight from the image for
/// "same" convolutions of at most 32 outputs, B never packed (convforwardshifted.c): the
/// same contract, over whole images only. Returns 0 without writing where it does not
/// apply (no AVX-512, another stride, planes under 256 pixels, kernels over 7 × 7, columns
/// that split an image).
int ocnna_conv_forward_shifted(const ocnna_conv_shape *shape, const float *x, int in_base,
                               int inputs, const float *w, int outputs, float *y,
                               int out_channels, int out_base, long first, long end);

/// ocnna_conv_forward on planes of at most 64 pixels with padding, one output pixel of 32
/// images a tile so that taps in the padding are skipped (convpixelmajor.c): the same
/// contract and the same bits, over whole images only. Returns 0 without writing where it
/// does not apply (no AVX-512, larger planes, no padding, fewer than 32 images, columns that
/// split an image).
int ocnna_conv_forward_pixel_major(const ocnna_conv_shape *shape, const float *x, int in_base,
                                   int inputs, const float *w, int outputs, float *y,
                                   int out_channels, int out_base, long first, long end);

/// ocnna_conv_weight_gradient for stride 1 without packing (convweightdirect.c): the same
/// contract, over whole images only. Returns 0 without writing where it does not apply (no
/// AVX-512, another stride, more than 32 outputs, planes under 16 pixels, columns that split
/// an image).
int ocnna_conv_weight_gradient_direct(const ocnna_conv_shape *shape, const float *x, int in_base,
                                      int inputs, const float *dy, int outputs,
                                      int out_channels, int out_base, long first, long end,
                                      float *dw);

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Transposes 16 rows of 16 floats in registers: afterwards r[j] holds column j.
__attribute__((target("avx512f"), always_inline)) static inline void ocnna_transpose_16x16(
    __m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  // r[4g + j], 128-bit lane L: rows 4g ..< 4g + 4 of column j + 4L.
  for (int g = 0; g < 4; g++) {
    r[4 * g] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0x44);
    r[4 * g + 1] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0xEE);
    r[4 * g + 2] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0x44);
    r[4 * g + 3] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0xEE);
  }
  for (int j = 0; j < 4; j++) {
    __m512 u0 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x88);
    __m512 u1 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xDD);
    __m512 v0 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x88);
    __m512 v1 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xDD);
    t[j] = _mm512_shuffle_f32x4(u0, v0, 0x88);
    t[j + 8] = _mm512_shuffle_f32x4(u0, v0, 0xDD);
    t[j + 4] = _mm512_shuffle_f32x4(u1, v1, 0x88);
    t[j + 12] = _mm512_shuffle_f32x4(u1, v1, 0xDD);
  }
  for (int j = 0; j < 16; j++) r[j] = t[j];
}

#endif

/// 8-row tiles where they waste fewer rows than 12-row ones (as in ocnna_sgemm).
static inline int ocnna_prefers_8_rows(int m) { return (m + 7) / 8 * 8 < (m + 11) / 12 * 12; }

#endif
