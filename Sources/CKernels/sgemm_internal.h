// The pieces of ocnna's SGEMM that the implicit-GEMM convolution (convgemm.c) reuses:
// the blocking sizes, the per-thread packing buffers, A's packing and the AVX-512
// micro-kernels. Not part of the module's public interface.
#ifndef OCNNA_SGEMM_INTERNAL_H
#define OCNNA_SGEMM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

enum { OCNNA_KC = 256, OCNNA_MC_BLOCKS = 16, OCNNA_NC = 2048 };

/// This thread's packing buffer for A (B), at least `count` floats, 64-byte aligned; kept
/// for the next call. Aborts when memory runs out.
float *ocnna_packing_a(size_t count);
float *ocnna_packing_b(size_t count);
/// This thread's buffer for partial sums of C (the implicit-GEMM forward on small planes).
float *ocnna_packing_c(size_t count);

/// op(A)[i0 + i][p0 + p] into slivers of mr rows, each p-major with mr values per p.
void ocnna_pack_a(int trans, const float *a, int lda, int i0, int p0, int rows, int depth,
                  int mr, float *out);

#if defined(__x86_64__) || defined(__i386__)
/// The AVX-512 micro-kernels: C (rows × cols of an mr × 32 tile, row stride ldc) =
/// alpha · A-sliver · B-sliver + beta · C over `depth`. Only call where AVX-512 is present.
void ocnna_kernel_12x32(int depth, const float *a, const float *b, float *c, int ldc, int rows,
                        int cols, float alpha, float beta);
void ocnna_kernel_8x32(int depth, const float *a, const float *b, float *c, int ldc, int rows,
                       int cols, float alpha, float beta);
/// The same with B unpacked: row p of B is the 32 floats at b + offsets[p], and alpha = 1.
void ocnna_kernel_12x32_rows(int depth, const float *a, const float *b, const long *offsets,
                             float *c, int ldc, int rows, int cols, float beta);
void ocnna_kernel_8x32_rows(int depth, const float *a, const float *b, const long *offsets,
                            float *c, int ldc, int rows, int cols, float beta);
/// The same reading only lanes masks[p mod positions] of row p (the rest are zero, never
/// read): B straight from an image whose tile rows cross its edges.
void ocnna_kernel_12x32_masked_rows(int depth, const float *a, const float *b,
                                    const long *offsets, const uint32_t *masks, int positions,
                                    float *c, int ldc, int rows, int cols, float beta);
void ocnna_kernel_8x32_masked_rows(int depth, const float *a, const float *b,
                                   const long *offsets, const uint32_t *masks, int positions,
                                   float *c, int ldc, int rows, int cols, float beta);
/// The same over `count` rows of a packed B sliver, row t taken with row a_rows[t] of the
/// packed A sliver: the rows of a depth block that are not all zero in B.
void ocnna_kernel_12x32_taps(int count, const float *a, const int *a_rows, const float *b,
                             float *c, int ldc, int rows, int cols, float beta);
void ocnna_kernel_8x32_taps(int count, const float *a, const int *a_rows, const float *b,
                            float *c, int ldc, int rows, int cols, float beta);
#endif

#endif
