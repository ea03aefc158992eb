package dev.jkeras.layers;

/**
 * Keras 3's SimpleRNN, LSTM and GRU cells as plain Java loops in float64, for checking the graph
 * computations. Weights use Keras's layouts: kernel (features, gates * units), recurrent kernel
 * (units, gates * units), gate blocks in Keras's order.
 */
final class RecurrentReference {
  private RecurrentReference() {}

  /** The outputs of every step, [batch][step][unit], and the final states [state][batch][unit]. */
  record Run(double[][][] sequence, double[][][] states) {}

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** row . matrix[:, from .. from + units) */
  private static double[] times(double[] row, float[][] matrix, int from, int units) {
    double[] out = new double[units];
    for (int k = 0; k < units; k++) {
      double sum = 0;
      for (int j = 0; j < row.length; j++) {
        sum += row[j] * matrix[j][from + k];
      }
      out[k] = sum;
    }
    return out;
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  /** The time steps in processing order. */
  private static int stepAt(int i, int steps, boolean backwards) {
    return backwards ? steps - 1 - i : i;
  }

  static Run simpleRnn(float[][][] x, float[][] kernel, float[][] rec, float[] bias, int units, boolean backwards) {
    int batch = x.length;
    int steps = x[0].length;
    double[][][] seq = new double[batch][steps][];
    double[][] hs = new double[batch][];
    for (int b = 0; b < batch; b++) {
      double[] h = new double[units];
      for (int i = 0; i < steps; i++) {
        double[] xt = toDouble(x[b][stepAt(i, steps, backwards)]);
        double[] a = times(xt, kernel, 0, units);
        double[] r = times(h, rec, 0, units);
        double[] next = new double[units];
        for (int k = 0; k < units; k++) {
          next[k] = Math.tanh(a[k] + r[k] + bias[k]);
        }
        h = next;
        seq[b][i] = h;
      }
      hs[b] = h;
    }
    return new Run(seq, new double[][][] {hs});
  }

  static Run lstm(float[][][] x, float[][] kernel, float[][] rec, float[] bias, int units, boolean backwards) {
    int batch = x.length;
    int steps = x[0].length;
    double[][][] seq = new double[batch][steps][];
    double[][] hs = new double[batch][];
    double[][] cs = new double[batch][];
    for (int b = 0; b < batch; b++) {
      double[] h = new double[units];
      double[] c = new double[units];
      for (int i = 0; i < steps; i++) {
        double[] xt = toDouble(x[b][stepAt(i, steps, backwards)]);
        double[][] z = new double[4][];
        for (int g = 0; g < 4; g++) {
          double[] a = times(xt, kernel, g * units, units);
          double[] r = times(h, rec, g * units, units);
          z[g] = new double[units];
          for (int k = 0; k < units; k++) {
            z[g][k] = a[k] + r[k] + bias[g * units + k];
          }
        }
        double[] nextH = new double[units];
        double[] nextC = new double[units];
        for (int k = 0; k < units; k++) {
          double in = sigmoid(z[0][k]);
          double forget = sigmoid(z[1][k]);
          double candidate = Math.tanh(z[2][k]);
          double out = sigmoid(z[3][k]);
          nextC[k] = forget * c[k] + in * candidate;
          nextH[k] = out * Math.tanh(nextC[k]);
        }
        h = nextH;
        c = nextC;
        seq[b][i] = h;
      }
      hs[b] = h;
      cs[b] = c;
    }
    return new Run(seq, new double[][][] {hs, cs});
  }

  /** GRU; {@code bias} is (2, 3 units) when {@code resetAfter}, else one row of 3 units. */
  static Run gru(float[][][] x, float[][] kernel, float[][] rec, float[][] bias, int units, boolean resetAfter,
      boolean backwards) {
    int batch = x.length;
    int steps = x[0].length;
    double[][][] seq = new double[batch][steps][];
    double[][] hs = new double[batch][];
    float[] inputBias = bias[0];
    float[] recurrentBias = resetAfter ? bias[1] : new float[3 * units];
    for (int b = 0; b < batch; b++) {
      double[] h = new double[units];
      for (int i = 0; i < steps; i++) {
        double[] xt = toDouble(x[b][stepAt(i, steps, backwards)]);
        double[][] xs = new double[3][];
        double[][] rs = new double[3][];
        for (int g = 0; g < 3; g++) {
          xs[g] = times(xt, kernel, g * units, units);
          rs[g] = times(h, rec, g * units, units);
          for (int k = 0; k < units; k++) {
            xs[g][k] += inputBias[g * units + k];
            rs[g][k] += recurrentBias[g * units + k];
          }
        }
        double[] z = new double[units];
        double[] r = new double[units];
        for (int k = 0; k < units; k++) {
          z[k] = sigmoid(xs[0][k] + rs[0][k]);
          r[k] = sigmoid(xs[1][k] + rs[1][k]);
        }
        double[] recH;
        if (resetAfter) {
          recH = new double[units];
          for (int k = 0; k < units; k++) {
            recH[k] = r[k] * rs[2][k];
          }
        } else {
          double[] rh = new double[units];
          for (int k = 0; k < units; k++) {
            rh[k] = r[k] * h[k];
          }
          recH = times(rh, rec, 2 * units, units);
        }
        double[] next = new double[units];
        for (int k = 0; k < units; k++) {
          double candidate = Math.tanh(xs[2][k] + recH[k]);
          next[k] = z[k] * h[k] + (1 - z[k]) * candidate;
        }
        h = next;
        seq[b][i] = h;
      }
      hs[b] = h;
    }
    return new Run(seq, new double[][][] {hs});
  }
}
