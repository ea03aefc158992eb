package dev.jkeras.applications;

import dev.jkeras.KerasTensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The keyword arguments every Keras application takes, as fluent options with Keras's defaults:
 * {@code ResNet50.of(o -> o.includeTop(false).weights(null).inputShape(64, 64, 3).pooling("avg"))}.
 *
 * <ul>
 *   <li>{@code includeTop} (true): the classifier on top of the convolutional base.
 *   <li>{@code weights} ({@code "imagenet"}): {@code null} for random initialization,
 *       {@code "imagenet"} for the file Keras caches in {@code ~/.keras/models} (it cannot be
 *       downloaded here: place it there), or the path of a weights file (Keras's legacy {@code .h5}
 *       or a {@code .weights.h5}).
 *   <li>{@code inputTensor}: an {@code Input.of(...)} (or a tensor computed from one) to build on.
 *   <li>{@code inputShape}: the shape of one image ({@code -1} for {@code None}).
 *   <li>{@code pooling}: {@code null}, {@code "avg"} or {@code "max"} when {@code includeTop} is false.
 *   <li>{@code classes} (1000) and {@code classifierActivation} ({@code "softmax"}).
 *   <li>{@code name}: the model's name (each application's Keras default).
 * </ul>
 */
public final class ApplicationOptions {
  private boolean includeTop = true;
  private String weights = "imagenet";
  private KerasTensor inputTensor;
  private int[] inputShape;
  private String pooling;
  private int classes = 1000;
  private String classifierActivation = "softmax";
  private String name;

  ApplicationOptions(String defaultName) {
    this.name = defaultName;
  }

  public ApplicationOptions includeTop(boolean includeTop) {
    this.includeTop = includeTop;
    return this;
  }

  /** {@code null}, {@code "imagenet"} or the path of a weights file. */
  public ApplicationOptions weights(String weights) {
    this.weights = weights;
    return this;
  }

  /** The path of a weights file. */
  public ApplicationOptions weights(Path weights) {
    this.weights = weights == null ? null : weights.toString();
    return this;
  }

  public ApplicationOptions inputTensor(KerasTensor inputTensor) {
    this.inputTensor = inputTensor;
    return this;
  }

  /** The shape of one image, e.g. {@code (224, 224, 3)}; {@code -1} stands for {@code None}. */
  public ApplicationOptions inputShape(int... inputShape) {
    this.inputShape = inputShape == null ? null : inputShape.clone();
    return this;
  }

  /** {@code null}, {@code "avg"} or {@code "max"}. */
  public ApplicationOptions pooling(String pooling) {
    this.pooling = pooling;
    return this;
  }

  public ApplicationOptions classes(int classes) {
    this.classes = classes;
    return this;
  }

  /** The top layer's activation: a Keras activation name, or {@code null} for the logits. */
  public ApplicationOptions classifierActivation(String classifierActivation) {
    this.classifierActivation = classifierActivation;
    return this;
  }

  public ApplicationOptions name(String name) {
    this.name = name;
    return this;
  }

  public boolean includeTop() {
    return includeTop;
  }

  public String weights() {
    return weights;
  }

  public KerasTensor inputTensor() {
    return inputTensor;
  }

  /** A copy of the image shape, or null. */
  public int[] inputShape() {
    return inputShape == null ? null : inputShape.clone();
  }

  public String pooling() {
    return pooling;
  }

  public int classes() {
    return classes;
  }

  public String classifierActivation() {
    return classifierActivation;
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "ApplicationOptions[includeTop=" + includeTop + ", weights=" + weights + ", inputShape="
        + (inputShape == null ? null : Arrays.toString(inputShape)) + ", pooling=" + pooling + ", classes=" + classes
        + ", classifierActivation=" + classifierActivation + ", name=" + name + "]";
  }
}
