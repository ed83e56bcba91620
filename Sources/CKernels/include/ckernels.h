#ifndef OCNNA_CKERNELS_H
#define OCNNA_CKERNELS_H

/// Which of ocnna's own SGEMM kernels this CPU runs: 2 = AVX-512, 1 = AVX2 + FMA,
/// 0 = none (callers use OpenBLAS).
int ocnna_sgemm_level(void);

/// Row-major C = alpha · op(A) · op(B) + beta · C with ocnna's packed kernels; op
/// transposes when trans_a / trans_b is non-zero. `level` picks the kernel (1 or 2, at
/// most ocnna_sgemm_level()). With beta = 0, C is written without being read.
void ocnna_sgemm(int level, int trans_a, int trans_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c,
                 int ldc);

#endif
