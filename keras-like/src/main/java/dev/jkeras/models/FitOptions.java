package dev.jkeras.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/** The keyword arguments of {@code fit}, with Keras's defaults. */
public final class FitOptions extends LoopOptions<FitOptions> {
  private int epochs = 1;
  private double validationSplit;
  private List<NdArray<?>> validationX;
  private List<NdArray<?>> validationY;
  private boolean shuffle = true;
  private int initialEpoch;
  private NdArray<?> sampleWeight;
  private Map<Integer, Double> classWeight;
  private NdArray<?> validationSampleWeight;

  FitOptions() {}

  public FitOptions epochs(int epochs) {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, got " + epochs);
    }
    this.epochs = epochs;
    return this;
  }

  /** The fraction of the data, taken from its end before shuffling, held out for validation. */
  public FitOptions validationSplit(double validationSplit) {
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
    }
    this.validationSplit = validationSplit;
    return this;
  }

  public FitOptions validationData(NdArray<?> x, NdArray<?> y) {
    return validationData(DataChecks.single(x, "x", "validationData"), DataChecks.single(y, "y", "validationData"));
  }

  /** Validation inputs and targets of a model with several inputs or outputs, one array each. */
  public FitOptions validationData(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y) {
    if (x == null || y == null || x.isEmpty() || y.isEmpty()) {
      throw new IllegalArgumentException("validationData needs both x and y");
    }
    this.validationX = DataChecks.arrays(x, "x", "validationData");
    this.validationY = DataChecks.arrays(y, "y", "validationData");
    return this;
  }

  /**
   * Validation data with one weight per sample, weighing the validation loss and weighted metrics
   * as Keras's {@code validation_data=(x, y, sample_weight)}.
   */
  public FitOptions validationData(NdArray<?> x, NdArray<?> y, NdArray<?> sampleWeight) {
    validationData(x, y);
    this.validationSampleWeight = sampleWeight;
    return this;
  }

  /** As {@link #validationData(NdArray, NdArray, NdArray)} for several inputs or outputs. */
  public FitOptions validationData(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y,
      NdArray<?> sampleWeight) {
    validationData(x, y);
    this.validationSampleWeight = sampleWeight;
    return this;
  }

  /**
   * One weight per training sample (shape {@code (n,)}): the loss becomes
   * {@code sum(weight * loss) / batch_size} per batch, as Keras's {@code sample_weight}, and
   * weighted metrics count each sample {@code weight} times. A validation split takes its part.
   */
  public FitOptions sampleWeight(NdArray<?> sampleWeight) {
    if (sampleWeight == null) {
      throw new IllegalArgumentException("sampleWeight must not be null");
    }
    this.sampleWeight = sampleWeight;
    return this;
  }

  /**
   * A weight per class index, for training only: each sample weighs what its class weighs (1 for
   * classes not listed), as Keras's {@code class_weight}, e.g. {@code classWeight(Map.of(0, 1.0, 1, 5.0))}.
   */
  public FitOptions classWeight(Map<Integer, Double> classWeight) {
    if (classWeight == null || classWeight.isEmpty()) {
      throw new IllegalArgumentException("classWeight must map at least one class index to a weight");
    }
    this.classWeight = new LinkedHashMap<>(classWeight);
    return this;
  }

  /** Whether to shuffle the training data before each epoch (default true). */
  public FitOptions shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** The epoch to start from (0-based), to resume a previous run. */
  public FitOptions initialEpoch(int initialEpoch) {
    if (initialEpoch < 0) {
      throw new IllegalArgumentException("initialEpoch must be >= 0, got " + initialEpoch);
    }
    this.initialEpoch = initialEpoch;
    return this;
  }

  int epochs() {
    return epochs;
  }

  double validationSplit() {
    return validationSplit;
  }

  List<NdArray<?>> validationX() {
    return validationX;
  }

  List<NdArray<?>> validationY() {
    return validationY;
  }

  boolean shuffle() {
    return shuffle;
  }

  int initialEpoch() {
    return initialEpoch;
  }

  NdArray<?> sampleWeight() {
    return sampleWeight;
  }

  Map<Integer, Double> classWeight() {
    return classWeight;
  }

  NdArray<?> validationSampleWeight() {
    return validationSampleWeight;
  }
}
