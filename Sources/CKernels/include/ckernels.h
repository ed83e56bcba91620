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

/// A convolution over a batch of NCHW images as the implicit GEMM sees it: column
/// j = image · (out_height · out_width) + output pixel; row r = (channel · kernel + ky) ·
/// kernel + kx of the im2col matrix, which is never stored.
typedef struct {
  int channels;  ///< channels of the whole input tensor
  int height, width, out_height, out_width;
  int kernel, stride, pad;
} ocnna_conv_shape;

/// Output channels `out_base ..< out_base + outputs` of `y` (NCHW, `out_channels` channels),
/// over columns `first ..< end`, = W · im2col(x) for input channels `in_base ..< in_base +
/// inputs`, W row-major `outputs × inputs·kernel²`. B is packed straight from the image
/// and C stored straight into `y`; nothing of `y` is read, and every addressed element is
/// written. Returns 0 without writing unless this CPU has AVX-512.
int ocnna_conv_forward(const ocnna_conv_shape *shape, const float *x, int in_base, int inputs,
                       const float *w, int outputs, float *y, int out_channels, int out_base,
                       long first, long end);

/// `dw` (`outputs × inputs·kernel²`, row-major as OIHW, overwritten) = dY · im2col(x)ᵀ
/// over columns `first ..< end`, where dY is channels `out_base ..< out_base + outputs` of
/// `dy` (NCHW, `out_channels` channels): the weight gradient of those columns.
/// Returns 0 without writing unless this CPU has AVX-512.
int ocnna_conv_weight_gradient(const ocnna_conv_shape *shape, const float *x, int in_base,
                               int inputs, const float *dy, int outputs, int out_channels,
                               int out_base, long first, long end, float *dw);

/// x = max(x, 0), element by element.
void ocnna_relu(float *x, long n);
/// g = g where y > 0, else 0: ReLU's backward pass given its output y.
void ocnna_relu_mask(const float *y, float *g, long n);
/// a += b, element by element.
void ocnna_add(float *a, const float *b, long n);
/// The sum and the sum of squares of n values.
void ocnna_sum_and_squares(const float *x, long n, float *sum, float *squares);
/// y = x · scale + shift, element by element.
void ocnna_affine(const float *x, float scale, float shift, float *y, long n);
/// Σ dy and Σ dy · (x − mean) over n values.
void ocnna_sum_and_centered_products(const float *dy, const float *x, float mean, long n,
                                     float *sum, float *products);
/// BatchNorm's input gradient in training: dx = scale · (dy − mean_dy − x̂ · mean_dy_xhat),
/// x̂ = (x − mean) · inverse.
void ocnna_batch_norm_input_gradient(const float *x, const float *dy, float *dx, long n,
                                     float mean, float inverse, float scale, float mean_dy,
                                     float mean_dy_xhat);

/// x = x · scale + shift in place, then max(·, 0) when `rectify` is non-zero: an
/// evaluation-mode BatchNorm and the ReLU after it in one pass.
void ocnna_scale_shift(float *x, float scale, float shift, int rectify, long n);

/// 2 × 2 max pooling with stride 2 and no padding over `planes` planes of `h × w` (even
/// sizes): y gets each window's maximum and, unless `argmax` is null, the in-plane index
/// of its first maximum in window order.
void ocnna_max_pool_2x2(const float *x, int h, int w, long planes, float *y, int *argmax);

/// Depthwise convolution of one channel plane (`h × w`) with its `k × k` filter, stride and
/// zero padding, plus `bias`, into `y` (`oh × ow`, overwritten).
void ocnna_depthwise_forward_plane(const float *x, int h, int w, const float *filter, int k,
                                   int stride, int pad, float bias, float *y, int oh, int ow);

/// The backward pass of ocnna_depthwise_forward_plane for one plane: adds the filter's
/// gradient into `dfilter` and, unless `dx` is null, the input's gradient into `dx`.
void ocnna_depthwise_backward_plane(const float *x, const float *dy, int h, int w,
                                    const float *filter, int k, int stride, int pad, int oh,
                                    int ow, float *dfilter, float *dx);

#endif
