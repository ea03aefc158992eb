package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's {@code TimeDistributed}: applies one layer (one set of weights) to every time step of its
 * input, {@code (batch, timesteps, ...)}, as {@code TimeDistributed(Dense(8))} or
 * {@code TimeDistributed(Conv2D(...))} on video frames. The time steps are folded into the batch,
 * the layer is called once on {@code (batch * timesteps, ...)}, and its output is unfolded to
 * {@code (batch, timesteps, ...)}. That needs a known number of time steps or a known batch size
 * (a static input shape), and known sizes after the time axis.
 *
 * <p>A mask {@code (batch, timesteps)} on the input is folded the same way and given to the wrapped
 * layer, and passes on to the output unchanged, as in Keras. The wrapped layer's weights are saved
 * under {@code time_distributed/layer} as in Keras's files.
 *
 * <p>Keras calls the layer once per time step; folded, a layer that computes statistics over its
 * batch (BatchNormalization in training) sees all time steps together.
 */
public class TimeDistributed extends Wrapper {
  private final Layer layer;

  /** Wraps {@code layer}, which is then applied to every time step. */
  public TimeDistributed(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` "
          + "instance. Received: null");
    }
    if (layer instanceof InputLayer) {
      throw new IllegalArgumentException("TimeDistributed cannot wrap an InputLayer (\"" + layer.name()
          + "\"): give it the layer to apply to every time step, e.g. new TimeDistributed(new Dense(8))");
    }
    this.layer = layer;
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  @Override
  public Map<String, Layer> wrappedLayers() {
    return Map.of("layer", layer);
  }

  @Override
  public TimeDistributed name(String name) {
    super.name(name);
    return this;
  }

  private Shape childShape(Shape inputShape) {
    if (inputShape.rank() < 3) {
      throw new IllegalArgumentException("`TimeDistributed` Layer should be passed an `input_shape` with at least "
          + "3 dimensions, (batch, timesteps, ...), received: " + inputShape + " (layer \"" + name() + "\"). "
          + "For inputs without a time axis, use the wrapped layer directly.");
    }
    long[] dims = inputShape.asArray();
    for (int axis = 2; axis < dims.length; axis++) {
      if (dims[axis] == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (TimeDistributed) needs known sizes after the "
            + "time axis to fold the time steps into the batch; got input shape " + inputShape
            + ". Declare them in the model's Input.");
      }
    }
    long[] child = new long[dims.length - 1];
    child[0] = dims[0] == Shape.UNKNOWN || dims[1] == Shape.UNKNOWN ? Shape.UNKNOWN : dims[0] * dims[1];
    System.arraycopy(dims, 2, child, 1, dims.length - 2);
    return Shape.of(child);
  }

  @Override
  protected void build(Shape inputShape) {
    childShape(inputShape);
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (TimeDistributed) takes one input, "
          + "(batch, timesteps, ...), but was called on " + inputs.size() + " inputs");
    }
    KerasTensor x = inputs.get(0);
    Shape shape = x.shape();
    Shape child = childShape(shape);
    long batch = shape.get(0);
    long timesteps = shape.get(1);
    KerasTensor folded = Ops.reshape(x, child.with(0, Shape.UNKNOWN).asArray());
    KerasTensor mask = x.mask();
    if (mask != null) {
      folded = folded.withMask(foldedMask(mask, shape));
    }
    List<KerasTensor> outputs = callNested(layer, List.of(folded), training);
    if (outputs.size() != 1) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (TimeDistributed) wraps layers with one output; "
          + "layer \"" + layer.name() + "\" returns " + outputs.size());
    }
    KerasTensor y = outputs.get(0).withMask(null);
    long[] yDims = y.shape().asArray();
    if (Arrays.stream(yDims, 1, yDims.length).anyMatch(d -> d == Shape.UNKNOWN)) {
      throw new IllegalStateException("Layer \"" + name() + "\" (TimeDistributed): the output of layer \""
          + layer.name() + "\" has shape " + y.shape() + ", with unknown sizes after the batch; they are needed "
          + "to unfold the time steps");
    }
    long[] unfolded = new long[yDims.length + 1];
    unfolded[0] = timesteps == Shape.UNKNOWN ? batch : Shape.UNKNOWN;
    unfolded[1] = timesteps;
    System.arraycopy(yDims, 1, unfolded, 2, yDims.length - 1);
    if (batch == Shape.UNKNOWN && timesteps == Shape.UNKNOWN) {
      return List.of(Ops.reshape(y, runTimeShape(x, unfolded)));
    }
    return List.of(Ops.reshape(y, unfolded));
  }

  /** {@code (batch, timesteps, rest...)}: the first two sizes taken from {@code x} at run time, the rest given. */
  private static KerasTensor runTimeShape(KerasTensor x, long[] dims) {
    KerasTensor sizes = Ops.shape(x);
    List<KerasTensor> entries = new ArrayList<>();
    for (int axis = 0; axis < dims.length; axis++) {
      entries.add(axis < 2 ? Ops.take(sizes, Ops.convertToTensor(NdArrays.scalarOf(axis)))
          : Ops.convertToTensor(NdArrays.scalarOf(Math.toIntExact(dims[axis]))));
    }
    return Ops.stack(entries, 0);
  }

  /** The input's mask with its time steps folded into the batch, after Keras's checks of its shape. */
  private KerasTensor foldedMask(KerasTensor mask, Shape inputShape) {
    Shape maskShape = mask.shape();
    if (maskShape.rank() < 2) {
      throw new IllegalArgumentException("The `mask` passed to the `TimeDistributed` layer \"" + name() + "\" must "
          + "be at least 2D (e.g., `(batch_size, timesteps)`), but it has " + maskShape.rank()
          + " dimension(s) with shape " + maskShape + ".");
    }
    for (int axis = 0; axis < 2; axis++) {
      long m = maskShape.get(axis);
      long i = inputShape.get(axis);
      if (m != Shape.UNKNOWN && i != Shape.UNKNOWN && m != i) {
        throw new IllegalArgumentException("The `mask` passed to the `TimeDistributed` layer \"" + name() + "\" has "
            + "a shape " + maskShape + " that is incompatible with the input shape " + inputShape + ". The first "
            + "two dimensions of the mask (batch size and timesteps) must match the input's first two dimensions.");
      }
    }
    long[] dims = maskShape.asArray();
    long[] folded = new long[dims.length - 1];
    folded[0] = -1;
    System.arraycopy(dims, 2, folded, 1, dims.length - 2);
    KerasTensor bool = mask.dtype() == DType.BOOL ? mask : Ops.cast(mask, DType.BOOL);
    return Ops.reshape(bool, folded);
  }

  /** The input's mask, as Keras's {@code TimeDistributed} (which supports masking) passes it on. */
  @Override
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return previousMask;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("layer", nestedConfig(layer));
    return config;
  }

  public static TimeDistributed fromConfig(Config config) {
    Layer layer = nestedLayer("TimeDistributed", config, "layer");
    TimeDistributed wrapper = new TimeDistributed(layer);
    wrapper.keepBuildConfig(layer, config.get("layer"));
    return wrapper;
  }
}
