#ifndef OCNNA_CKERNELS_H
#define OCNNA_CKERNELS_H

/// The fastest of ocnna's own SGEMM kernels this CPU runs: 2 = AVX-512, 1 = AVX2 + FMA,
/// 0 = the portable C kernel (every CPU).
int ocnna_sgemm_level(void);

/// Row-major C = alpha · op(A) · op(B) + beta · C with ocnna's packed kernels; op
/// transposes when trans_a / trans_b is non-zero. `level` picks the kernel (0, 1 or 2;
/// a level above ocnna_sgemm_level() is lowered to it). With beta = 0, C is written without being read.
void ocnna_sgemm(int level, int trans_a, int trans_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c,
                 int ldc);

/// im2col for one input channel plane (`h × w`), one kernel offset (ky, kx) and one image:
/// writes the `oh × ow` values that offset sees, zeros where it falls in the padding.
void ocnna_im2col_plane(const float *plane, int h, int w, int oh, int ow, int ky, int kx,
                        int stride, int pad, float *dst);

/// col2im, the adjoint of ocnna_im2col_plane: adds the `oh × ow` values of `src` back into
/// the input positions they were taken from (padding positions are dropped).
void ocnna_col2im_plane(const float *src, int h, int w, int oh, int ow, int ky, int kx,
                        int stride, int pad, float *plane);

/// Stride-1, ungrouped convolution of one image (`cin × h × w`) with `cout ≤ 8` output
/// channels (weights `cout × cin × k × k`) into `y` (`cout × oh × ow`), computed directly
/// with AVX-512. Returns 0 without writing when it does not apply (more than 8 outputs,
/// padding ≥ k, an empty output); only call it when ocnna_sgemm_level() is 2.
int ocnna_conv_narrow(const float *x, int cin, int h, int w, const float *wt, int cout, int k,
                      int pad, float *y);

#endif
