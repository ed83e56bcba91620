// Element-wise passes of the engine (ReLU, tensor sums, BatchNorm's per-plane loops) in C:
// the Swift loops compiled to one scalar element per iteration (bounds and overflow
// checks kept them from vectorising), and a ReLU-mask pass took 9 % of a ResNet-56
// training step. Sums keep 16 running partial sums so that the compiler vectorises them
// without reordering a single accumulator (no -ffast-math needed).
#include "ckernels.h"

enum { LANES = 16 };

// Both values are loaded unconditionally so that the selects vectorise (a conditional
// load compiled to a branch per element).
void ocnna_relu(float *restrict x, long n) {
  for (long i = 0; i < n; i++) {
    float v = x[i];
    x[i] = v > 0 ? v : 0;
  }
}

void ocnna_relu_mask(const float *restrict y, float *restrict g, long n) {
  for (long i = 0; i < n; i++) {
    float v = g[i], keep = y[i];
    g[i] = keep > 0 ? v : 0;
  }
}

void ocnna_add(float *restrict a, const float *restrict b, long n) {
  for (long i = 0; i < n; i++) a[i] += b[i];
}

static float total(const float *partial) {
  float s = 0;
  for (int t = 0; t < LANES; t++) s += partial[t];
  return s;
}

void ocnna_sum_and_squares(const float *restrict x, long n, float *sum, float *squares) {
  float s[LANES] = {0}, q[LANES] = {0};
  long whole = n / LANES * LANES;
  for (long i = 0; i < whole; i += LANES)
    for (int t = 0; t < LANES; t++) {
      s[t] += x[i + t];
      q[t] += x[i + t] * x[i + t];
    }
  for (long i = whole; i < n; i++) {
    s[0] += x[i];
    q[0] += x[i] * x[i];
  }
  *sum = total(s);
  *squares = total(q);
}

void ocnna_affine(const float *restrict x, float scale, float shift, float *restrict y, long n) {
  for (long i = 0; i < n; i++) y[i] = x[i] * scale + shift;
}

void ocnna_sum_and_centered_products(const float *restrict dy, const float *restrict x,
                                     float mean, long n, float *sum, float *products) {
  float s[LANES] = {0}, p[LANES] = {0};
  long whole = n / LANES * LANES;
  for (long i = 0; i < whole; i += LANES)
    for (int t = 0; t < LANES; t++) {
      s[t] += dy[i + t];
      p[t] += dy[i + t] * (x[i + t] - mean);
    }
  for (long i = whole; i < n; i++) {
    s[0] += dy[i];
    p[0] += dy[i] * (x[i] - mean);
  }
  *sum = total(s);
  *products = total(p);
}

void ocnna_batch_norm_input_gradient(const float *restrict x, const float *restrict dy,
                                     float *restrict dx, long n, float mean, float inverse,
                                     float scale, float mean_dy, float mean_dy_xhat) {
  for (long i = 0; i < n; i++)
    dx[i] = scale * (dy[i] - mean_dy - (x[i] - mean) * inverse * mean_dy_xhat);
}

void ocnna_scale_shift(float *restrict x, float scale, float shift, int rectify, long n) {
  if (rectify) {
    for (long i = 0; i < n; i++) {
      float v = x[i] * scale + shift;
      x[i] = v > 0 ? v : 0;
    }
  } else {
    for (long i = 0; i < n; i++) x[i] = x[i] * scale + shift;
  }
}

void ocnna_max_pool_2x2(const float *restrict x, int h, int w, long planes, float *restrict y,
                        int *restrict argmax) {
  const int oh = h / 2, ow = w / 2;
  for (long plane = 0; plane < planes; plane++) {
    const float *src = x + plane * h * w;
    float *dst = y + plane * oh * ow;
    int *positions = argmax ? argmax + plane * oh * ow : 0;
    for (int oy = 0; oy < oh; oy++) {
      const float *top = src + (2 * oy) * w, *bottom = top + w;
      if (!positions) {
        for (int ox = 0; ox < ow; ox++) {
          float a = top[2 * ox] > top[2 * ox + 1] ? top[2 * ox] : top[2 * ox + 1];
          float b = bottom[2 * ox] > bottom[2 * ox + 1] ? bottom[2 * ox] : bottom[2 * ox + 1];
          dst[oy * ow + ox] = a > b ? a : b;
        }
        continue;
      }
      // The first maximum in window order (row by row), as the general kernel picks it.
      for (int ox = 0; ox < ow; ox++) {
        int at = 2 * oy * w + 2 * ox;
        float best = src[at];
        int index = at;
        if (src[at + 1] > best) best = src[index = at + 1];
        if (src[at + w] > best) best = src[index = at + w];
        if (src[at + w + 1] > best) best = src[index = at + w + 1];
        dst[oy * ow + ox] = best;
        positions[oy * ow + ox] = index;
      }
    }
  }
}
