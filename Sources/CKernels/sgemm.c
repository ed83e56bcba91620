// ocnna's own single-threaded SGEMM: BLIS-style blocking (Goto & van de Geijn, "Anatomy
// of High-Performance Matrix Multiplication", ACM TOMS 2008) with packed A and B and
// register-blocked micro-kernels for AVX-512 (12×32) and AVX2 (6×16), chosen at run time
// by cpuid, and a portable 4×16 kernel in plain C that the compiler vectorises for the
// baseline of any target (SSE2 on x86-64, NEON on arm64), so the engine needs no system
// BLAS anywhere. The engine splits large products across threads itself (GEMM.swift).
#include "ckernels.h"
#include "sgemm_internal.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define OCNNA_X86 1
#include <immintrin.h>
#else
#define OCNNA_X86 0
#endif

enum { KC = OCNNA_KC, MC_BLOCKS = OCNNA_MC_BLOCKS, NC = OCNNA_NC };

static int detect_level(void) {
#if OCNNA_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 2;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
#endif
  return 0;
}

int ocnna_sgemm_level(void) {
  // Detected once; threads that race here all store the same value, atomically.
  static int level = -1;
  int known = __atomic_load_n(&level, __ATOMIC_RELAXED);
  if (known < 0) {
    known = detect_level();
    __atomic_store_n(&level, known, __ATOMIC_RELAXED);
  }
  return known;
}

// Packing and partial-sum buffers, one set per thread, grown on demand and kept for the
// next call.
static __thread float *packed_a = NULL, *packed_b = NULL, *partial_c = NULL;
static __thread size_t capacity_a = 0, capacity_b = 0, capacity_c = 0;

static float *reserve(float **buffer, size_t *capacity, size_t count) {
  if (*capacity < count) {
    free(*buffer);
    *buffer = aligned_alloc(64, ((count * sizeof(float) + 63) / 64) * 64);
    *capacity = *buffer ? count : 0;
  }
  return *buffer;
}

float *ocnna_packing_a(size_t count) {
  float *buffer = reserve(&packed_a, &capacity_a, count);
  if (!buffer) abort();
  return buffer;
}

float *ocnna_packing_c(size_t count) {
  float *buffer = reserve(&partial_c, &capacity_c, count);
  if (!buffer) abort();
  return buffer;
}

float *ocnna_packing_b(size_t count) {
  float *buffer = reserve(&packed_b, &capacity_b, count);
  if (!buffer) abort();
  return buffer;
}

// op(A)[i0 + i][p0 + p] into slivers of mr rows: sliver s holds p-major mr values.
void ocnna_pack_a(int trans, const float *a, int lda, int i0, int p0, int rows, int depth,
                   int mr, float *out) {
  for (int s = 0; s < rows; s += mr) {
    int height = rows - s < mr ? rows - s : mr;
    if (!trans) {
      // Row by row: each row of A is read contiguously and written with stride mr.
      float *sliver = out + (size_t)s * depth;
      for (int i = 0; i < height; i++) {
        const float *row = a + (size_t)(i0 + s + i) * lda + p0;
        for (int p = 0; p < depth; p++) sliver[(size_t)p * mr + i] = row[p];
      }
      for (int i = height; i < mr; i++)
        for (int p = 0; p < depth; p++) sliver[(size_t)p * mr + i] = 0;
      continue;
    }
    for (int p = 0; p < depth; p++) {
      float *dst = out + (size_t)s * depth + (size_t)p * mr;
      for (int i = 0; i < height; i++) {
        int r = i0 + s + i, col = p0 + p;
        dst[i] = trans ? a[(size_t)col * lda + r] : a[(size_t)r * lda + col];
      }
      for (int i = height; i < mr; i++) dst[i] = 0;
    }
  }
}

// op(B)[p0 + p][j0 + j] into slivers of nr columns: sliver s holds p-major nr values.
static void pack_b(int trans, const float *b, int ldb, int p0, int j0, int depth, int cols,
                   int nr, float *out) {
  for (int s = 0; s < cols; s += nr) {
    int width = cols - s < nr ? cols - s : nr;
    for (int p = 0; p < depth; p++) {
      float *dst = out + (size_t)s * depth + (size_t)p * nr;
      int row = p0 + p;
      if (!trans && width == nr) {
        memcpy(dst, b + (size_t)row * ldb + j0 + s, sizeof(float) * nr);
        continue;
      }
      for (int j = 0; j < width; j++) {
        int col = j0 + s + j;
        dst[j] = trans ? b[(size_t)col * ldb + row] : b[(size_t)row * ldb + col];
      }
      for (int j = width; j < nr; j++) dst[j] = 0;
    }
  }
}

// Writes an accumulated tile: C = alpha · tile + beta · C (C not read when beta == 0).
static void store_tile(const float *tile, int nr, float *c, int ldc, int rows, int cols,
                       float alpha, float beta) {
  for (int i = 0; i < rows; i++) {
    float *row = c + (size_t)i * ldc;
    const float *t = tile + (size_t)i * nr;
    if (beta == 0) {
      for (int j = 0; j < cols; j++) row[j] = alpha * t[j];
    } else {
      for (int j = 0; j < cols; j++) row[j] = alpha * t[j] + beta * row[j];
    }
  }
}

// The portable micro-kernel: 4 rows × 16 columns of plain C. The 64 accumulators fit the
// 16 vector registers of SSE2 or NEON, and the inner loop over columns vectorises at -O2
// on any target; used where neither AVX-512 nor AVX2 is present, or when OCNNA_GEMM
// asks for it.
static void kernel_portable_4x16(int depth, const float *a, const float *b, float *c, int ldc,
                                 int rows, int cols, float alpha, float beta) {
  float acc[4][16];
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 16; j++) acc[i][j] = 0;
  for (int p = 0; p < depth; p++) {
    const float *bp = b + (size_t)p * 16, *ap = a + (size_t)p * 4;
    for (int i = 0; i < 4; i++) {
      const float x = ap[i];
      for (int j = 0; j < 16; j++) acc[i][j] += x * bp[j];
    }
  }
  store_tile(&acc[0][0], 16, c, ldc, rows, cols, alpha, beta);
}

#if OCNNA_X86
// pack_b for the AVX-512 kernel's common case: whole 32-column slivers of a row-major B,
// copied with vector moves (a memcpy call per 128-byte row cost 9 % of a ResNet-56 step).
__attribute__((target("avx512f"))) static void pack_b_32(const float *b, int ldb, int p0,
                                                         int j0, int depth, int cols,
                                                         float *out) {
  int whole = cols / 32 * 32;
  for (int s = 0; s < whole; s += 32) {
    float *dst = out + (size_t)s * depth;
    const float *src = b + (size_t)p0 * ldb + j0 + s;
    for (int p = 0; p < depth; p++, src += ldb, dst += 32) {
      _mm512_store_ps(dst, _mm512_loadu_ps(src));
      _mm512_store_ps(dst + 16, _mm512_loadu_ps(src + 16));
    }
  }
  if (whole < cols) pack_b(0, b, ldb, p0, j0 + whole, depth, cols - whole, 32, out + (size_t)whole * depth);
}

// The AVX-512 micro-kernel for MR rows × 32 columns (2·MR zmm accumulators), written once
// and instantiated for MR = 12 and MR = 8 so that the row loops unroll into registers.
//
// With `direct`, B is read in place (row stride ldb, the tile's `cols` columns under a
// mask, so nothing past them is touched) instead of from a packed sliver; with `offsets`,
// row p of B is the 32 floats at b + offsets[p] (all 32 readable), and with `masks` too,
// only its lanes in masks[p mod positions] (the others are zero and never read). With
// `a_rows`, row p of B meets row a_rows[p] of the packed A sliver (rows of A skipped
// where B is all zero).
__attribute__((target("avx512f"), always_inline)) static inline void kernel_avx512(
    const int mr, const int direct, int depth, const float *a, const int *a_rows,
    const float *b, int ldb, const long *offsets, const uint32_t *masks, int positions,
    float *c, int ldc, int rows, int cols, float alpha, float beta) {
  __m512 acc[12][2];
  for (int i = 0; i < mr; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  const __mmask16 m0 = cols >= 16 ? 0xFFFF : (__mmask16)((1u << cols) - 1);
  const __mmask16 m1 = cols >= 32 ? 0xFFFF : cols <= 16 ? 0 : (__mmask16)((1u << (cols - 16)) - 1);
  int at = 0;
  for (int p = 0; p < depth; p++) {
    __m512 b0, b1;
    if (masks) {
      const uint32_t mask = masks[at];
      if (++at == positions) at = 0;
      b0 = _mm512_maskz_loadu_ps((__mmask16)mask, b + offsets[p]);
      b1 = _mm512_maskz_loadu_ps((__mmask16)(mask >> 16), b + offsets[p] + 16);
    } else if (offsets) {
      b0 = _mm512_loadu_ps(b + offsets[p]);
      b1 = _mm512_loadu_ps(b + offsets[p] + 16);
    } else if (direct) {
      b0 = _mm512_maskz_loadu_ps(m0, b + (size_t)p * ldb);
      b1 = _mm512_maskz_loadu_ps(m1, b + (size_t)p * ldb + 16);
    } else {
      b0 = _mm512_load_ps(b + (size_t)p * 32);
      b1 = _mm512_load_ps(b + (size_t)p * 32 + 16);
    }
    const float *ap = a + (size_t)(a_rows ? a_rows[p] : p) * mr;
    for (int i = 0; i < mr; i++) {
      __m512 x = _mm512_set1_ps(ap[i]);
      acc[i][0] = _mm512_fmadd_ps(x, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(x, b1, acc[i][1]);
    }
  }
  if (rows == mr && cols == 32) {
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int i = 0; i < mr; i++) {
      float *row = c + (size_t)i * ldc;
      __m512 r0 = _mm512_mul_ps(va, acc[i][0]), r1 = _mm512_mul_ps(va, acc[i][1]);
      if (beta != 0) {
        r0 = _mm512_fmadd_ps(vb, _mm512_loadu_ps(row), r0);
        r1 = _mm512_fmadd_ps(vb, _mm512_loadu_ps(row + 16), r1);
      }
      _mm512_storeu_ps(row, r0);
      _mm512_storeu_ps(row + 16, r1);
    }
    return;
  }
  float tile[12 * 32] __attribute__((aligned(64)));
  for (int i = 0; i < mr; i++) {
    _mm512_store_ps(tile + i * 32, acc[i][0]);
    _mm512_store_ps(tile + i * 32 + 16, acc[i][1]);
  }
  store_tile(tile, 32, c, ldc, rows, cols, alpha, beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_12x32(int depth, const float *a,
                                                            const float *b, float *c,
                                                            int ldc, int rows, int cols,
                                                            float alpha, float beta) {
  kernel_avx512(12, 0, depth, a, 0, b, 32, 0, 0, 0, c, ldc, rows, cols, alpha, beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_8x32(int depth, const float *a,
                                                           const float *b, float *c, int ldc,
                                                           int rows, int cols, float alpha,
                                                           float beta) {
  kernel_avx512(8, 0, depth, a, 0, b, 32, 0, 0, 0, c, ldc, rows, cols, alpha, beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_12x32_rows(int depth, const float *a,
                                                                 const float *b,
                                                                 const long *offsets, float *c,
                                                                 int ldc, int rows, int cols,
                                                                 float beta) {
  kernel_avx512(12, 0, depth, a, 0, b, 32, offsets, 0, 0, c, ldc, rows, cols, 1.0f, beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_8x32_rows(int depth, const float *a,
                                                                const float *b,
                                                                const long *offsets, float *c,
                                                                int ldc, int rows, int cols,
                                                                float beta) {
  kernel_avx512(8, 0, depth, a, 0, b, 32, offsets, 0, 0, c, ldc, rows, cols, 1.0f, beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_12x32_masked_rows(
    int depth, const float *a, const float *b, const long *offsets, const uint32_t *masks,
    int positions, float *c, int ldc, int rows, int cols, float beta) {
  kernel_avx512(12, 0, depth, a, 0, b, 32, offsets, masks, positions, c, ldc, rows, cols, 1.0f,
                beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_8x32_masked_rows(
    int depth, const float *a, const float *b, const long *offsets, const uint32_t *masks,
    int positions, float *c, int ldc, int rows, int cols, float beta) {
  kernel_avx512(8, 0, depth, a, 0, b, 32, offsets, masks, positions, c, ldc, rows, cols, 1.0f,
                beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_12x32_taps(int count, const float *a,
                                                                 const int *a_rows,
                                                                 const float *b, float *c,
                                                                 int ldc, int rows, int cols,
                                                                 float beta) {
  kernel_avx512(12, 0, count, a, a_rows, b, 32, 0, 0, 0, c, ldc, rows, cols, 1.0f, beta);
}

__attribute__((target("avx512f"))) void ocnna_kernel_8x32_taps(int count, const float *a,
                                                                const int *a_rows,
                                                                const float *b, float *c,
                                                                int ldc, int rows, int cols,
                                                                float beta) {
  kernel_avx512(8, 0, count, a, a_rows, b, 32, 0, 0, 0, c, ldc, rows, cols, 1.0f, beta);
}

// At most 8 rows of C: every value of B is used once, so packing B would only add two
// passes over it (DenseNet's 6-channel growth layers spent most of their time there).
__attribute__((target("avx512f"))) static void sgemm_few_rows(int trans_a, int m, int n, int k,
                                                             float alpha, const float *a,
                                                             int lda, const float *b, int ldb,
                                                             float beta, float *c, int ldc,
                                                             float *ap) {
  for (int pc = 0; pc < k; pc += KC) {
    int kc = k - pc < KC ? k - pc : KC;
    float beta_now = pc == 0 ? beta : 1.0f;
    ocnna_pack_a(trans_a, a, lda, 0, pc, m, kc, 8, ap);
    for (int jr = 0; jr < n; jr += 32) {
      int cols = n - jr < 32 ? n - jr : 32;
      kernel_avx512(8, 1, kc, ap, 0, b + (size_t)pc * ldb + jr, ldb, 0, 0, 0, c + jr, ldc, m, cols,
                    alpha, beta_now);
    }
  }
}

__attribute__((target("avx2,fma"))) static void kernel_6x16(int depth, const float *a,
                                                            const float *b, float *c,
                                                            int ldc, int rows, int cols,
                                                            float alpha, float beta) {
  __m256 acc[6][2];
  for (int i = 0; i < 6; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  for (int p = 0; p < depth; p++) {
    __m256 b0 = _mm256_load_ps(b + (size_t)p * 16);
    __m256 b1 = _mm256_load_ps(b + (size_t)p * 16 + 8);
    const float *ap = a + (size_t)p * 6;
    for (int i = 0; i < 6; i++) {
      __m256 x = _mm256_broadcast_ss(ap + i);
      acc[i][0] = _mm256_fmadd_ps(x, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(x, b1, acc[i][1]);
    }
  }
  float tile[6 * 16] __attribute__((aligned(32)));
  for (int i = 0; i < 6; i++) {
    _mm256_store_ps(tile + i * 16, acc[i][0]);
    _mm256_store_ps(tile + i * 16 + 8, acc[i][1]);
  }
  store_tile(tile, 16, c, ldc, rows, cols, alpha, beta);
}

// C = alpha · A · Bᵀ + beta · C for at most 8 rows of A: the weight gradient of a narrow
// convolution, where B is the im2col matrix. Each C value is a dot product of two long
// contiguous rows, so B is read in place three rows at a time (24 accumulators, rows of A
// past m masked off) instead of being transposed into packed slivers, which cost more
// than the arithmetic.
__attribute__((target("avx512f"))) static void sgemm_few_rows_bt(int m, int n, int k,
                                                                float alpha, const float *a,
                                                                int lda, const float *b,
                                                                int ldb, float beta, float *c,
                                                                int ldc) {
  for (int r0 = 0; r0 < n; r0 += 3) {
    int rn = n - r0 < 3 ? n - r0 : 3;
    const float *b0 = b + (size_t)r0 * ldb;
    const float *b1 = rn > 1 ? b0 + ldb : b0, *b2 = rn > 2 ? b0 + 2 * (size_t)ldb : b0;
    __m512 acc[3][8];
    for (int q = 0; q < 3; q++)
      for (int i = 0; i < 8; i++) acc[q][i] = _mm512_setzero_ps();
    for (int p = 0; p < k; p += 16) {
      __mmask16 mask = k - p >= 16 ? 0xFFFF : (__mmask16)((1u << (k - p)) - 1);
      __m512 x0 = _mm512_maskz_loadu_ps(mask, b0 + p);
      __m512 x1 = _mm512_maskz_loadu_ps(mask, b1 + p);
      __m512 x2 = _mm512_maskz_loadu_ps(mask, b2 + p);
      for (int i = 0; i < 8; i++) {
        __m512 y = _mm512_maskz_loadu_ps(i < m ? mask : 0, a + (size_t)(i < m ? i : 0) * lda + p);
        acc[0][i] = _mm512_fmadd_ps(y, x0, acc[0][i]);
        acc[1][i] = _mm512_fmadd_ps(y, x1, acc[1][i]);
        acc[2][i] = _mm512_fmadd_ps(y, x2, acc[2][i]);
      }
    }
    for (int q = 0; q < rn; q++)
      for (int i = 0; i < m; i++) {
        float *out = c + (size_t)i * ldc + r0 + q;
        float sum = alpha * _mm512_reduce_add_ps(acc[q][i]);
        *out = beta == 0 ? sum : sum + beta * *out;
      }
  }
}

#endif  // OCNNA_X86

void ocnna_sgemm(int level, int trans_a, int trans_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c,
                 int ldc) {
  if (m <= 0 || n <= 0) return;
  // AVX-512 takes 12-row tiles, or 8-row tiles where those waste fewer rows (the narrow
  // 16-, 32- and 64-channel layers of CIFAR ResNets would pad 16 rows to 24 with 12).
  if (level > ocnna_sgemm_level()) level = ocnna_sgemm_level();
  const int narrow = level >= 2 && (m + 7) / 8 * 8 < (m + 11) / 12 * 12;
  const int mr = level >= 2 ? (narrow ? 8 : 12) : level == 1 ? 6 : 4, nr = level >= 2 ? 32 : 16;
  const int mc = mr * MC_BLOCKS;
  if (k <= 0 || alpha == 0) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++)
        c[(size_t)i * ldc + j] = beta == 0 ? 0 : beta * c[(size_t)i * ldc + j];
    return;
  }
  float *ap = reserve(&packed_a, &capacity_a, (size_t)KC * (mc + mr));
  if (!ap) abort();
#if OCNNA_X86
  if (level >= 2 && trans_b && !trans_a && m <= 8) {
    sgemm_few_rows_bt(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  if (level >= 2 && !trans_b && m <= 8) {
    sgemm_few_rows(trans_a, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ap);
    return;
  }
#endif
  float *bp = reserve(&packed_b, &capacity_b, (size_t)KC * (NC + nr));
  if (!bp) abort();
  for (int jc = 0; jc < n; jc += NC) {
    int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      int kc = k - pc < KC ? k - pc : KC;
      float beta_now = pc == 0 ? beta : 1.0f;
#if OCNNA_X86
      if (!trans_b && nr == 32)
        pack_b_32(b, ldb, pc, jc, kc, nc, bp);
      else
#endif
        pack_b(trans_b, b, ldb, pc, jc, kc, nc, nr, bp);
      for (int ic = 0; ic < m; ic += mc) {
        int mcur = m - ic < mc ? m - ic : mc;
        ocnna_pack_a(trans_a, a, lda, ic, pc, mcur, kc, mr, ap);
        for (int jr = 0; jr < nc; jr += nr) {
          int cols = nc - jr < nr ? nc - jr : nr;
          const float *bs = bp + (size_t)jr * kc;
          for (int ir = 0; ir < mcur; ir += mr) {
            int rows = mcur - ir < mr ? mcur - ir : mr;
            float *ct = c + (size_t)(ic + ir) * ldc + jc + jr;
            const float *as = ap + (size_t)ir * kc;
#if OCNNA_X86
            if (level >= 2 && narrow)
              ocnna_kernel_8x32(kc, as, bs, ct, ldc, rows, cols, alpha, beta_now);
            else if (level >= 2)
              ocnna_kernel_12x32(kc, as, bs, ct, ldc, rows, cols, alpha, beta_now);
            else if (level == 1)
              kernel_6x16(kc, as, bs, ct, ldc, rows, cols, alpha, beta_now);
            else
#endif
              kernel_portable_4x16(kc, as, bs, ct, ldc, rows, cols, alpha, beta_now);
          }
        }
      }
    }
  }
}
