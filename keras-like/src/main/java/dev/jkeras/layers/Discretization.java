package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Buckets continuous values by boundaries, as Keras's {@code Discretization}: with boundaries
 * {@code [0, 1, 2]} a value below 0 gets bin 0, one in {@code [0, 1)} bin 1, and so on. The
 * boundaries are given ({@link #binBoundaries}) or learned as quantiles by {@link #adapt} with
 * {@code num_bins}. Outputs the bin ({@code "int"}, int32) or its encoding ({@code "one_hot"},
 * {@code "multi_hot"}, {@code "count"}, float32).
 */
public class Discretization extends PreprocessingLayer {
  private static final List<String> OUTPUT_MODES = List.of("int", "one_hot", "multi_hot", "count");
  private float[] binBoundaries;
  /** The boundaries as given or learned, as the config holds them. */
  private List<Double> configBoundaries;
  private Integer numBins;
  private double epsilon = 0.01;
  private String outputMode = "int";
  private QuantileSummary summary = QuantileSummary.empty();

  /** A layer with the given bin boundaries (ascending). */
  public static Discretization withBinBoundaries(double... binBoundaries) {
    Discretization layer = new Discretization();
    layer.setBoundaries(binBoundaries);
    return layer;
  }

  /** A layer that learns {@code numBins} bins of about equal population from data by {@link #adapt}. */
  public static Discretization withNumBins(int numBins) {
    if (numBins < 0) {
      throw new IllegalArgumentException("`num_bins` must be greater than or equal to 0. Received: `num_bins="
          + numBins + "`");
    }
    Discretization layer = new Discretization();
    layer.numBins = numBins;
    return layer;
  }

  private Discretization() {}

  private void setBoundaries(double[] boundaries) {
    binBoundaries = toFloats(boundaries);
    configBoundaries = java.util.Arrays.stream(boundaries).boxed().toList();
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
      if (i > 0 && !(floats[i] >= floats[i - 1])) {
        throw new IllegalArgumentException("Discretization's bin_boundaries must be ascending, got "
            + java.util.Arrays.toString(values));
      }
    }
    return floats;
  }

  /** The error tolerance of the quantiles {@link #adapt} estimates (default 0.01). */
  public Discretization epsilon(double epsilon) {
    checkNotBuilt("epsilon");
    if (!(epsilon > 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("Discretization's epsilon must be in (0, 1], got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}. */
  public Discretization outputMode(String outputMode) {
    checkNotBuilt("output_mode");
    this.outputMode = CategoricalOutputs.outputMode("Discretization", outputMode, OUTPUT_MODES);
    return this;
  }

  /** Only {@code false}: jkeras has no sparse tensors. */
  public Discretization sparse(boolean sparse) {
    denseOnly(sparse);
    return this;
  }

  /** The boundaries in use (given or learned), or null before {@link #adapt}. */
  public float[] binBoundaries() {
    return binBoundaries == null ? null : binBoundaries.clone();
  }

  /** Learns {@code num_bins} quantile boundaries from every value of {@code data}, as Keras's {@code adapt}. */
  public Discretization adapt(NdArray<?> data) {
    if (numBins == null) {
      throw new IllegalStateException("Cannot adapt a Discretization layer that has been initialized with "
          + "`bin_boundaries`, use `num_bins` instead.");
    }
    resetState();
    updateState(data);
    finalizeState();
    return this;
  }

  /** Adds one batch of values to the summary {@link #finalizeState} computes the boundaries from. */
  public void updateState(NdArray<?> batch) {
    if (batch == null || DType.of(batch) == DType.STRING) {
      throw new IllegalArgumentException("Discretization adapts to numeric arrays, got "
          + (batch == null ? "null" : "strings"));
    }
    float[] values = new float[Math.toIntExact(batch.size())];
    int[] i = {0};
    batch.scalars().forEach(s -> values[i[0]++] = ((Number) s.getObject()).floatValue());
    summary = QuantileSummary.of(values, epsilon).merge(summary, epsilon);
  }

  public void finalizeState() {
    if (numBins != null) {
      float[] learned = summary.binBoundaries(numBins);
      double[] asDoubles = new double[learned.length];
      for (int i = 0; i < learned.length; i++) {
        asDoubles[i] = learned[i];
      }
      setBoundaries(asDoubles);
    }
  }

  public void resetState() {
    if (numBins != null) {
      summary = QuantileSummary.empty();
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (binBoundaries == null) {
      throw new IllegalStateException("You need to either pass the `bin_boundaries` argument at construction time or "
          + "call `adapt(dataset)` before you can start using the `Discretization` layer.");
    }
    if (inputs.dtype() == DType.STRING) {
      throw new IllegalArgumentException("Layer '" + name() + "' (Discretization) buckets numbers, got strings");
    }
    KerasTensor bins = Ops.digitize(Ops.cast(inputs, DType.FLOAT32), binBoundaries);
    return "int".equals(outputMode) ? bins
        : CategoricalOutputs.encode(bins, outputMode, binBoundaries.length + 1, DType.FLOAT32);
  }

  public static Discretization fromConfig(Config config) {
    Discretization layer = new Discretization();
    if (config.has("num_bins")) {
      layer.numBins = config.getInt("num_bins", 0);
    }
    if (config.get("bin_boundaries") instanceof List<?> list) {
      layer.setBoundaries(list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
    }
    if (layer.numBins == null && layer.binBoundaries == null) {
      throw new IllegalArgumentException("You need to set either `num_bins` or `bin_boundaries`.");
    }
    layer.epsilon(config.getDouble("epsilon", 0.01));
    layer.outputMode(config.getString("output_mode", "int"));
    layer.sparse(config.getBoolean("sparse", false));
    if (config.has("name")) {
      layer.rename(config.getString("name", layer.name()));
    }
    return layer;
  }

  /** Keras's keys, which (unlike most layers') have no {@code trainable} and a plain dtype name. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bin_boundaries", configBoundaries);
    config.put("num_bins", numBins);
    config.put("epsilon", epsilon);
    config.put("output_mode", outputMode);
    config.put("sparse", false);
    config.put("name", name());
    config.put("dtype", "float32");
    return config;
  }
}
