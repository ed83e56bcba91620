// Convolution kernels that the implicit-GEMM convolution (convgemm.c) dispatches to.
// Not part of the module's public interface.
#ifndef OCNNA_CONVOLUTION_INTERNAL_H
#define OCNNA_CONVOLUTION_INTERNAL_H

#include "ckernels.h"

/// ocnna_conv_weight_gradient for stride 1 without packing (convweightdirect.c): the same
/// contract, over whole images only. Returns 0 without writing where it does not apply (no
/// AVX-512, another stride, more than 32 outputs, planes under 16 pixels, columns that split
/// an image).
int ocnna_conv_weight_gradient_direct(const ocnna_conv_shape *shape, const float *x, int in_base,
                                      int inputs, const float *dy, int outputs,
                                      int out_channels, int out_base, long first, long end,
                                      float *dw);

#endif
