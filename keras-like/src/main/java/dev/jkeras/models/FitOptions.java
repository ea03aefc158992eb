package dev.jkeras.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.NdArray;

/**
 * The keyword arguments of {@code fit}, with Keras's defaults: passed as a lambda,
 * {@code model.fit(x, y, fit -> fit.epochs(10).batchSize(128))}, or as a value made once and kept,
 * {@code FitOptions quick = FitOptions.defaults().epochs(2).verbose(0); model.fit(x, y, quick)}.
 *
 * <p>Immutable: every setter returns a new {@code FitOptions}.
 */
public final class FitOptions extends LoopOptions<FitOptions> {
  private static final FitOptions DEFAULTS = new FitOptions();

  private int epochs = 1;
  private double validationSplit;
  private List<NdArray<?>> validationX;
  private List<NdArray<?>> validationY;
  private boolean shuffle = true;
  private int initialEpoch;
  private NdArray<?> sampleWeight;
  private Map<Integer, Double> classWeight;
  private NdArray<?> validationSampleWeight;
  private dev.jkeras.data.Dataset validationDataset;
  private int stepsPerEpoch;
  private int validationSteps;

  private FitOptions() {}

  private FitOptions(FitOptions other) {
    super(other);
    epochs = other.epochs;
    validationSplit = other.validationSplit;
    validationX = other.validationX;
    validationY = other.validationY;
    shuffle = other.shuffle;
    initialEpoch = other.initialEpoch;
    sampleWeight = other.sampleWeight;
    classWeight = other.classWeight;
    validationSampleWeight = other.validationSampleWeight;
    validationDataset = other.validationDataset;
    stepsPerEpoch = other.stepsPerEpoch;
    validationSteps = other.validationSteps;
  }

  /** Keras's defaults: 1 epoch, batches of 32, shuffled, progress bar, no validation. */
  public static FitOptions defaults() {
    return DEFAULTS;
  }

  @Override
  FitOptions copy() {
    return new FitOptions(this);
  }

  public FitOptions epochs(int epochs) {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, got " + epochs);
    }
    return with(copy -> copy.epochs = epochs);
  }

  /** The fraction of the data, taken from its end before shuffling, held out for validation. */
  public FitOptions validationSplit(double validationSplit) {
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
    }
    return with(copy -> copy.validationSplit = validationSplit);
  }

  public FitOptions validationData(NdArray<?> x, NdArray<?> y) {
    return validationData(DataChecks.single(x, "x", "validationData"), DataChecks.single(y, "y", "validationData"));
  }

  /** Validation inputs and targets of a model with several inputs or outputs, one array each. */
  public FitOptions validationData(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y) {
    if (x == null || y == null || x.isEmpty() || y.isEmpty()) {
      throw new IllegalArgumentException("validationData needs both x and y");
    }
    List<NdArray<?>> checkedX = DataChecks.arrays(x, "x", "validationData");
    List<NdArray<?>> checkedY = DataChecks.arrays(y, "y", "validationData");
    return with(copy -> {
      copy.validationX = checkedX;
      copy.validationY = checkedY;
    });
  }

  /**
   * Validation data with one weight per sample, weighing the validation loss and weighted metrics
   * as Keras's {@code validation_data=(x, y, sample_weight)}.
   */
  public FitOptions validationData(NdArray<?> x, NdArray<?> y, NdArray<?> sampleWeight) {
    return validationData(x, y).with(copy -> copy.validationSampleWeight = sampleWeight);
  }

  /** As {@link #validationData(NdArray, NdArray, NdArray)} for several inputs or outputs. */
  public FitOptions validationData(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y,
      NdArray<?> sampleWeight) {
    return validationData(x, y).with(copy -> copy.validationSampleWeight = sampleWeight);
  }

  /**
   * Validation data as a {@link dev.jkeras.data.Dataset} of {@code (x, y)} or {@code (x, y,
   * sampleWeight)} batches, evaluated after each epoch (for {@code fit(dataset)}).
   */
  public FitOptions validationData(dev.jkeras.data.Dataset validation) {
    if (validation == null) {
      throw new IllegalArgumentException("validationData needs a dataset, got null");
    }
    return with(copy -> copy.validationDataset = validation);
  }

  /**
   * The number of batches per epoch (Keras's {@code steps_per_epoch}), for a dataset: iteration then
   * continues across epochs, so a dataset that repeats forever can train; 0 (the default) is one pass.
   */
  public FitOptions stepsPerEpoch(int stepsPerEpoch) {
    if (stepsPerEpoch < 0) {
      throw new IllegalArgumentException("stepsPerEpoch must be positive (or 0 for one pass), got " + stepsPerEpoch);
    }
    return with(copy -> copy.stepsPerEpoch = stepsPerEpoch);
  }

  /** The number of validation batches per epoch from a validation dataset (Keras's {@code validation_steps}); 0: one pass. */
  public FitOptions validationSteps(int validationSteps) {
    if (validationSteps < 0) {
      throw new IllegalArgumentException("validationSteps must be positive (or 0 for one pass), got " + validationSteps);
    }
    return with(copy -> copy.validationSteps = validationSteps);
  }

  /** The validation dataset, or null. */
  public dev.jkeras.data.Dataset validationDataset() {
    return validationDataset;
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  public int validationSteps() {
    return validationSteps;
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
    return with(copy -> copy.sampleWeight = sampleWeight);
  }

  /**
   * A weight per class index, for training only: each sample weighs what its class weighs (1 for
   * classes not listed), as Keras's {@code class_weight}, e.g. {@code classWeight(Map.of(0, 1.0, 1, 5.0))}.
   */
  public FitOptions classWeight(Map<Integer, Double> classWeight) {
    if (classWeight == null || classWeight.isEmpty()) {
      throw new IllegalArgumentException("classWeight must map at least one class index to a weight");
    }
    Map<Integer, Double> frozen = Collections.unmodifiableMap(new LinkedHashMap<>(classWeight));
    return with(copy -> copy.classWeight = frozen);
  }

  /** Whether to shuffle the training data before each epoch (default true). */
  public FitOptions shuffle(boolean shuffle) {
    return with(copy -> copy.shuffle = shuffle);
  }

  /** The epoch to start from (0-based), to resume a previous run. */
  public FitOptions initialEpoch(int initialEpoch) {
    if (initialEpoch < 0) {
      throw new IllegalArgumentException("initialEpoch must be >= 0, got " + initialEpoch);
    }
    return with(copy -> copy.initialEpoch = initialEpoch);
  }

  /** The number of epochs to train for (1 by default). */
  public int epochs() {
    return epochs;
  }

  /** The fraction held out for validation (0 by default: none). */
  public double validationSplit() {
    return validationSplit;
  }

  /** The validation inputs given to {@code validationData}, or null. */
  public List<NdArray<?>> validationX() {
    return validationX;
  }

  /** The validation targets given to {@code validationData}, or null. */
  public List<NdArray<?>> validationY() {
    return validationY;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public int initialEpoch() {
    return initialEpoch;
  }

  /** The per-sample training weights, or null. */
  public NdArray<?> sampleWeight() {
    return sampleWeight;
  }

  /** The weight of each class index, or null. */
  public Map<Integer, Double> classWeight() {
    return classWeight;
  }

  /** The per-sample validation weights, or null. */
  public NdArray<?> validationSampleWeight() {
    return validationSampleWeight;
  }

  /** Equal when every option is equal; arrays are compared by identity (the same data given). */
  @Override
  public boolean equals(Object o) {
    return o instanceof FitOptions other && sameLoopOptions(other) && epochs == other.epochs
        && Double.compare(validationSplit, other.validationSplit) == 0 && same(validationX, other.validationX)
        && same(validationY, other.validationY) && shuffle == other.shuffle
        && initialEpoch == other.initialEpoch && same(sampleWeight, other.sampleWeight)
        && Objects.equals(classWeight, other.classWeight)
        && same(validationSampleWeight, other.validationSampleWeight)
        && validationDataset == other.validationDataset && stepsPerEpoch == other.stepsPerEpoch
        && validationSteps == other.validationSteps;
  }

  @Override
  public int hashCode() {
    return Objects.hash(loopOptionsHash(), epochs, validationSplit, identityHash(validationX),
        identityHash(validationY), shuffle, initialEpoch, identityHash(sampleWeight), classWeight,
        identityHash(validationSampleWeight), System.identityHashCode(validationDataset), stepsPerEpoch,
        validationSteps);
  }

  /** The options, arrays shown by type and shape. */
  @Override
  public String toString() {
    return "FitOptions[epochs=" + epochs + ", " + loopOptionsString() + ", validationSplit=" + validationSplit
        + ", validationX=" + describe(validationX) + ", validationY=" + describe(validationY)
        + ", validationSampleWeight=" + describe(validationSampleWeight) + ", shuffle=" + shuffle
        + ", initialEpoch=" + initialEpoch + ", sampleWeight=" + describe(sampleWeight)
        + ", classWeight=" + classWeight
        + (validationDataset == null ? "" : ", validationData=" + validationDataset)
        + (stepsPerEpoch == 0 ? "" : ", stepsPerEpoch=" + stepsPerEpoch)
        + (validationSteps == 0 ? "" : ", validationSteps=" + validationSteps) + "]";
  }
}
