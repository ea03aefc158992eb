package dev.jkeras.layers;

/**
 * Convolution and pooling computed by definition, in float64, with TensorFlow's "same" padding
 * (total padding {@code max((out - 1) s + (k - 1) d + 1 - n, 0)}, the smaller half before).
 */
final class ConvReference {
  private ConvReference() {}

  static int outSize(int n, int k, int s, int d, String padding) {
    return padding.equals("valid") ? Math.floorDiv(n - d * (k - 1) - 1, s) + 1 : Math.floorDiv(n - 1, s) + 1;
  }

  static int padBefore(int n, int k, int s, int d, String padding) {
    if (padding.equals("valid")) {
      return 0;
    }
    int out = outSize(n, k, s, d, padding);
    return Math.max((out - 1) * s + (k - 1) * d + 1 - n, 0) / 2;
  }

  /** x[b][h][w][c], kernel[kh][kw][c][f]. */
  static double[][][][] conv2d(float[][][][] x, float[][][][] kernel, float[] bias, int[] s, int[] d, String padding) {
    int batch = x.length;
    int h = x[0].length;
    int w = x[0][0].length;
    int c = x[0][0][0].length;
    int kh = kernel.length;
    int kw = kernel[0].length;
    int filters = kernel[0][0][0].length;
    int oh = outSize(h, kh, s[0], d[0], padding);
    int ow = outSize(w, kw, s[1], d[1], padding);
    int ph = padBefore(h, kh, s[0], d[0], padding);
    int pw = padBefore(w, kw, s[1], d[1], padding);
    double[][][][] out = new double[batch][oh][ow][filters];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int f = 0; f < filters; f++) {
            double sum = bias == null ? 0 : bias[f];
            for (int u = 0; u < kh; u++) {
              for (int v = 0; v < kw; v++) {
                int r = i * s[0] + u * d[0] - ph;
                int q = j * s[1] + v * d[1] - pw;
                if (r < 0 || r >= h || q < 0 || q >= w) {
                  continue;
                }
                for (int ch = 0; ch < c; ch++) {
                  sum += (double) x[b][r][q][ch] * kernel[u][v][ch][f];
                }
              }
            }
            out[b][i][j][f] = sum;
          }
        }
      }
    }
    return out;
  }

  /** Max or average (padding excluded from the count) pooling of x[b][h][w][c]. */
  static double[][][][] pool2d(float[][][][] x, boolean max, int[] k, int[] s, String padding) {
    int batch = x.length;
    int h = x[0].length;
    int w = x[0][0].length;
    int c = x[0][0][0].length;
    int oh = outSize(h, k[0], s[0], 1, padding);
    int ow = outSize(w, k[1], s[1], 1, padding);
    int ph = padBefore(h, k[0], s[0], 1, padding);
    int pw = padBefore(w, k[1], s[1], 1, padding);
    double[][][][] out = new double[batch][oh][ow][c];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int ch = 0; ch < c; ch++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int count = 0;
            for (int u = 0; u < k[0]; u++) {
              for (int v = 0; v < k[1]; v++) {
                int r = i * s[0] + u - ph;
                int q = j * s[1] + v - pw;
                if (r < 0 || r >= h || q < 0 || q >= w) {
                  continue;
                }
                acc = max ? Math.max(acc, x[b][r][q][ch]) : acc + x[b][r][q][ch];
                count++;
              }
            }
            out[b][i][j][ch] = max ? acc : acc / count;
          }
        }
      }
    }
    return out;
  }
}
