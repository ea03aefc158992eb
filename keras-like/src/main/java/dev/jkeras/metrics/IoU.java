package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's {@code IoU}: intersection over union, {@code TP / (TP + FP + FN)}, per class from a streamed
 * {@code (numClasses, numClasses)} confusion matrix (rows: targets, columns: predictions), averaged
 * over {@code targetClassIds} (classes never seen are left out of the mean). Targets and predictions
 * are class ids of any shape (a segmentation map, say), flattened; with {@code sparseYTrue(false)} or
 * {@code sparseYPred(false)} they are scores along {@code axis} and their arg-max is the class. Ids out
 * of [0, numClasses) and {@code ignoreClass} count for nothing.
 *
 * <p>As Keras, the state has dtype {@code int32} by default, so float sample weights are truncated
 * to integers; {@code dtype("float32")} keeps them. Sample weights of shape {@code (batch,)} weigh
 * every label of their sample (Keras requires weights of the targets' shape there).
 */
public class IoU extends Metric implements KerasSerializable {
  private static final double EPSILON = 1e-7;
  /** The largest number of classes: the confusion matrix then holds 64 M floats (256 MB). */
  static final int MAX_CLASSES = 8192;

  private final int numClasses;
  private final int[] targetClassIds;
  private Integer ignoreClass;
  private boolean sparseYTrue = true;
  private boolean sparseYPred = true;
  private int axis = -1;
  private String dtype = "int32";
  private Variable totalConfusionMatrix;

  /** The mean IoU of {@code targetClassIds} among {@code numClasses} classes. */
  public IoU(int numClasses, int... targetClassIds) {
    this("io_u", numClasses, targetClassIds);
  }

  public IoU(String name, int numClasses, int... targetClassIds) {
    super(name);
    if (numClasses < 2) {
      throw new IllegalArgumentException("Metric '" + name + "': num_classes must be at least 2 (an IoU compares "
          + "classes), got " + numClasses);
    }
    if (numClasses > MAX_CLASSES) {
      throw new IllegalArgumentException("Metric '" + name + "': num_classes " + numClasses + " is more than jkeras "
          + "allows (" + MAX_CLASSES + "; the state is a num_classes x num_classes matrix)");
    }
    if (targetClassIds == null || targetClassIds.length == 0) {
      throw new IllegalArgumentException("Metric '" + name + "': target_class_ids must name at least one class in "
          + "[0, " + numClasses + ")");
    }
    for (int id : targetClassIds) {
      if (id < 0 || id >= numClasses) {
        throw new IllegalArgumentException("Metric '" + name + "': target class id " + id + " is out of range, "
            + "which is [0, " + numClasses + ")");
      }
    }
    this.numClasses = numClasses;
    this.targetClassIds = targetClassIds.clone();
  }

  public int numClasses() {
    return numClasses;
  }

  public int[] targetClassIds() {
    return targetClassIds.clone();
  }

  /** Labels of this class count for nothing (Keras's {@code ignore_class}, e.g. a void class or -1). */
  public IoU ignoreClass(int ignoreClass) {
    this.ignoreClass = ignoreClass;
    return this;
  }

  /** Whether targets are class ids (true, the default) or scores whose arg-max along {@link #axis} is the class. */
  public IoU sparseYTrue(boolean sparse) {
    this.sparseYTrue = sparse;
    return this;
  }

  /** Whether predictions are class ids (true, the default) or scores whose arg-max along {@link #axis} is the class. */
  public IoU sparseYPred(boolean sparse) {
    this.sparseYPred = sparse;
    return this;
  }

  /** The axis of the class scores when targets or predictions are not sparse (-1 by default). */
  public IoU axis(int axis) {
    this.axis = axis;
    return this;
  }

  /** {@code "int32"} (Keras's default: weights truncated to integers) or {@code "float32"}. */
  public IoU dtype(String dtype) {
    if (!"int32".equals(dtype) && !"float32".equals(dtype)) {
      throw new IllegalArgumentException("Metric '" + name() + "': dtype must be 'int32' or 'float32', got '"
          + dtype + "'");
    }
    this.dtype = dtype;
    return this;
  }

  Integer ignoreClassOrNull() {
    return ignoreClass;
  }

  boolean isSparseYTrue() {
    return sparseYTrue;
  }

  boolean isSparseYPred() {
    return sparseYPred;
  }

  int axisValue() {
    return axis;
  }

  String dtypeName() {
    return dtype;
  }

  @Override
  protected void buildState() {
    totalConfusionMatrix = addVariable("total_confusion_matrix", Shape.of(numClasses, numClasses));
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  /** Class ids of the predictions: Keras's BinaryIoU thresholds them first. */
  KerasTensor predictedClasses(KerasTensor yPred) {
    return sparseYPred ? yPred : Ops.argmax(yPred, axis);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    KerasTensor t = sparseYTrue ? yTrue : Ops.argmax(yTrue, axis);
    KerasTensor p = predictedClasses(yPred);
    if (known(t) && known(p) && labels(t) != labels(p)) {
      throw new IllegalArgumentException("Metric '" + name() + "' expected as many target labels as predicted "
          + "labels per sample, got targets " + yTrue.shape() + " and predictions " + yPred.shape()
          + (sparseYPred ? " (predictions are class ids; use sparseYPred(false) for class scores)" : ""));
    }
    ensureState();
    boolean integer = dtype.startsWith("int");
    t = Ops.cast(Ops.cast(t, DType.INT32), DType.FLOAT32);
    p = Ops.cast(Ops.cast(p, DType.INT32), DType.FLOAT32);
    KerasTensor weights = Ops.zeros(Ops.shape(t), DType.FLOAT32);
    if (sampleWeight == null) {
      weights = Ops.add(weights, 1.0);
    } else {
      KerasTensor w = Ops.cast(sampleWeight, DType.FLOAT32);
      if (integer) {
        w = Ops.cast(Ops.cast(w, DType.INT32), DType.FLOAT32);
      }
      if (w.rank() == t.rank() + 1 && w.shape().get(-1) == 1) {
        w = Ops.squeeze(w, -1);
      }
      while (w.rank() < t.rank()) {
        w = Ops.expandDims(w, -1);
      }
      weights = Ops.add(weights, w);
    }
    t = Ops.reshape(t, -1);
    p = Ops.reshape(p, -1);
    weights = Ops.reshape(weights, -1);
    KerasTensor inBounds = Ops.logicalAnd(
        Ops.logicalAnd(Ops.greaterEqual(t, 0), Ops.less(t, numClasses)),
        Ops.logicalAnd(Ops.greaterEqual(p, 0), Ops.less(p, numClasses)));
    if (ignoreClass != null) {
      inBounds = Ops.logicalAnd(inBounds, Ops.notEqual(t, Ops.scalar(ignoreClass, DType.FLOAT32)));
    }
    KerasTensor zeros = Ops.multiply(t, 0.0);
    t = Ops.where(inBounds, t, zeros);
    p = Ops.where(inBounds, p, zeros);
    weights = Ops.where(inBounds, weights, zeros);
    KerasTensor trueOneHot = Ops.oneHot(Ops.cast(t, DType.INT32), numClasses, DType.FLOAT32);
    KerasTensor predOneHot = Ops.oneHot(Ops.cast(p, DType.INT32), numClasses, DType.FLOAT32);
    KerasTensor batch = Ops.matmul(Ops.transpose(Ops.multiply(trueOneHot, Ops.expandDims(weights, -1))), predOneHot);
    return List.of(totalConfusionMatrix.assignAdd(batch));
  }

  private static boolean known(KerasTensor x) {
    for (int i = 1; i < x.rank(); i++) {
      if (x.shape().get(i) == Shape.UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  private static long labels(KerasTensor x) {
    long n = 1;
    for (int i = 1; i < x.rank(); i++) {
      n *= x.shape().get(i);
    }
    return n;
  }

  @Override
  protected KerasTensor compute() {
    KerasTensor cm = totalConfusionMatrix.value();
    float[] eye = new float[numClasses * numClasses];
    for (int i = 0; i < numClasses; i++) {
      eye[i * numClasses + i] = 1f;
    }
    KerasTensor identity = Ops.reshape(Ops.convertToTensor(NdArrays.vectorOf(eye)), numClasses, numClasses);
    KerasTensor truePositives = Ops.sum(Ops.multiply(cm, identity), 1);
    KerasTensor denominator = Ops.subtract(Ops.add(Ops.sum(cm, 0), Ops.sum(cm, 1)), truePositives);
    KerasTensor ids = Ops.convertToTensor(NdArrays.vectorOf(targetClassIds));
    truePositives = Ops.take(truePositives, ids);
    denominator = Ops.take(denominator, ids);
    KerasTensor valid = Ops.greater(denominator, 1e-9);
    KerasTensor iou = Ops.divide(truePositives, Ops.add(denominator, EPSILON));
    iou = Ops.where(valid, iou, Ops.multiply(iou, 0.0));
    return Ops.divide(Ops.sum(iou), Ops.add(Ops.sum(Ops.cast(valid, DType.FLOAT32)), EPSILON));
  }

  /** The ids as Keras's config holds them. */
  List<Integer> targetClassIdList() {
    return Arrays.stream(targetClassIds).boxed().toList();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", dtype);
    config.put("num_classes", numClasses);
    config.put("target_class_ids", targetClassIdList());
    config.put("ignore_class", ignoreClass);
    config.put("sparse_y_true", sparseYTrue);
    config.put("sparse_y_pred", sparseYPred);
    config.put("axis", axis);
    return config;
  }

  /** Applies a saved config's dtype, ignore_class, sparse_y_true, sparse_y_pred and axis (those present). */
  static <T extends IoU> T configure(T metric, Config config) {
    metric.dtype(config.getString("dtype", "int32"));
    if (config.get("ignore_class") instanceof Number) {
      metric.ignoreClass(config.getInt("ignore_class", 0));
    }
    if (config.has("sparse_y_true") && metric.canSetSparseYTrue()) {
      metric.sparseYTrue(config.getBoolean("sparse_y_true", true));
    }
    if (config.has("sparse_y_pred")) {
      metric.sparseYPred(config.getBoolean("sparse_y_pred", true));
    }
    metric.axis(config.getInt("axis", -1));
    return metric;
  }

  boolean canSetSparseYTrue() {
    return true;
  }

  /** A saved config's required num_classes. */
  static int numClasses(Config config, String metric) {
    if (!(config.get("num_classes") instanceof Number)) {
      throw new IllegalArgumentException("A saved " + metric + " needs an integer 'num_classes', got " + config);
    }
    return config.getInt("num_classes", 0);
  }

  static int[] targetClassIds(Config config, String metric) {
    if (!(config.get("target_class_ids") instanceof List<?>)) {
      throw new IllegalArgumentException("A saved " + metric + " needs a list 'target_class_ids', got " + config);
    }
    return config.getIntArray("target_class_ids");
  }

  public static IoU fromConfig(Config config) {
    return configure(new IoU(config.getString("name", "io_u"), numClasses(config, "IoU"),
        targetClassIds(config, "IoU")), config);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", num_classes=" + numClasses + ", target_class_ids="
        + Arrays.toString(targetClassIds) + ")";
  }
}
