package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.NdArray;

/**
 * Keras's {@code Bidirectional}: runs a recurrent layer ({@link SimpleRNN}, {@link LSTM}, {@link GRU},
 * or {@link RNN} around any cell) over the sequence forwards and a copy of it backwards, and merges
 * the two outputs:
 *
 * <pre>{@code
 * KerasTensor y = new Bidirectional(new RNN(new StackedRNNCells(new GRUCell(8), new LSTMCell(8)))).apply(x);
 * }</pre>
 *
 * <p>The forward layer is rebuilt from the given layer's config and named {@code forward_<name>};
 * the backward one is rebuilt the same way with {@code goBackwards} on and named
 * {@code backward_<name>}, unless given as {@code backwardLayer} (which must go backwards and match
 * the forward layer's {@code returnSequences} and {@code returnState}). Neither shares weights with
 * the layer given, as in Keras. Merge modes: {@code "concat"} (the default, along the last axis),
 * {@code "sum"}, {@code "mul"}, {@code "ave"}, or null for the two outputs as a list. With
 * {@code returnSequences} the backward output is reversed in time so that step {@code t} of both
 * outputs belongs to input step {@code t}, and masked steps output zeros (Keras forces
 * {@code zeroOutputForMask}); the input's mask then passes on. With {@code returnState},
 * {@code applyAll} returns the merged output (or both outputs) and then the forward states and the
 * backward states. Initial states given to {@code applyAll} after the sequences are split in two
 * halves: the forward layer's first, then the backward layer's. A user-written cell is copied through
 * its config too, so it must be registered ({@link dev.jkeras.saving.RegisterSerializable}).
 */
public class Bidirectional extends Wrapper {
  private static final Set<String> MERGE_MODES = Set.of("concat", "sum", "mul", "ave");

  private final Layer forwardLayer;
  private final Layer backwardLayer;
  private final String mergeMode;
  private List<? extends NdArray<?>> initialWeights;

  /** Wraps {@code layer} with the {@code "concat"} merge mode. */
  public Bidirectional(Layer layer) {
    this(layer, "concat");
  }

  /** Wraps {@code layer}; {@code mergeMode} is {@code "concat"}, {@code "sum"}, {@code "mul"}, {@code "ave"} or null. */
  public Bidirectional(Layer layer, String mergeMode) {
    this(layer, mergeMode, null);
  }

  /** Wraps {@code layer}, with {@code backwardLayer} (or null to make it from {@code layer}) for the backward pass. */
  public Bidirectional(Layer layer, String mergeMode, Layer backwardLayer) {
    this(layer, mergeMode, backwardLayer, null);
  }

  /**
   * As Keras's {@code Bidirectional(layer, merge_mode, weights, backward_layer)}: {@code weights} (or
   * null) are the initial weights, the forward layer's first half then the backward layer's, set
   * when the layer is built.
   */
  public Bidirectional(Layer layer, String mergeMode, Layer backwardLayer, List<? extends NdArray<?>> weights) {
    Layer given = recurrent(layer, "layer");
    Layer backward = backwardLayer == null ? null : recurrent(backwardLayer, "backwardLayer");
    if (mergeMode != null && !MERGE_MODES.contains(mergeMode)) {
      throw new IllegalArgumentException("Invalid merge mode. Received: " + mergeMode + ". Merge mode should be one "
          + "of {\"sum\", \"mul\", \"ave\", \"concat\", null}");
    }
    this.mergeMode = mergeMode;
    this.forwardLayer = copy(given, "forward_" + withoutPrefix(given.name(), "forward_"), false);
    this.backwardLayer = backward != null ? backward
        : copy(given, "backward_" + withoutPrefix(given.name(), "backward_"), true);
    verifyLayers();
    forceZeroOutputForMask(forwardLayer);
    forceZeroOutputForMask(this.backwardLayer);
    if (weights != null && !weights.isEmpty()) {
      this.initialWeights = List.copyOf(weights);
    }
  }

  private static Layer recurrent(Layer layer, String argument) {
    if (layer == null) {
      throw new IllegalArgumentException("Please initialize `Bidirectional` layer with a recurrent layer instance "
          + "(SimpleRNN, LSTM, GRU or RNN) as `" + argument + "`. Received: null");
    }
    if (!(layer instanceof RecurrentLayer)) {
      throw new IllegalArgumentException("`Bidirectional` wraps a recurrent layer (SimpleRNN, LSTM, GRU or RNN) with "
          + "goBackwards, returnSequences and returnState, but `" + argument + "` is " + layer.getClass().getSimpleName()
          + " \"" + layer.name() + "\". To apply a layer to every time step, use TimeDistributed; to run it over "
          + "the sequence in both directions, give Bidirectional a SimpleRNN, LSTM, GRU or RNN(cell).");
    }
    return layer;
  }

  private static RecurrentLayer options(Layer layer) {
    return (RecurrentLayer) layer;
  }

  /** A fresh layer from {@code layer}'s config, as Keras rebuilds it: renamed, going backwards when asked. */
  private Layer copy(Layer layer, String name, boolean backwards) {
    Map<String, Object> serialized = new LinkedHashMap<>(Layers.serialize(layer));
    @SuppressWarnings("unchecked")
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) serialized.get("config"));
    config.put("name", name);
    if (backwards) {
      config.put("go_backwards", true);
    }
    serialized.put("config", config);
    Layer copy;
    try {
      copy = Layers.deserialize(serialized);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Bidirectional makes its forward and backward layers from the config of "
          + "layer \"" + layer.name() + "\", as Keras does, and could not: " + e.getMessage(), e);
    }
    keepBuildConfig(copy, serialized);
    return copy;
  }

  private static String withoutPrefix(String name, String prefix) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  private void verifyLayers() {
    RecurrentLayer forward = options(forwardLayer);
    RecurrentLayer backward = options(backwardLayer);
    if (forward.goBackwards() == backward.goBackwards()) {
      throw new IllegalArgumentException("Forward layer and backward layer should have different `go_backwards` "
          + "value. Received: forward_layer.go_backwards " + forward.goBackwards()
          + ", backward_layer.go_backwards=" + backward.goBackwards()
          + ". Give a backwardLayer with goBackwards(true) (and a forward layer without it).");
    }
    same("return_sequences", forward.returnSequences(), backward.returnSequences());
    same("return_state", forward.returnState(), backward.returnState());
  }

  private static void same(String attribute, boolean forward, boolean backward) {
    if (forward != backward) {
      throw new IllegalArgumentException("Forward layer and backward layer are expected to have the same value for "
          + "attribute \"" + attribute + "\", got \"" + pythonBool(forward) + "\" for forward layer and \""
          + pythonBool(backward) + "\" for backward layer");
    }
  }

  private static String pythonBool(boolean value) {
    return value ? "True" : "False";
  }

  private static void forceZeroOutputForMask(Layer layer) {
    RecurrentLayer recurrent = options(layer);
    if (recurrent.zeroOutputForMask() != recurrent.returnSequences()) {
      recurrent.zeroOutputForMask(recurrent.returnSequences());
    }
  }

  // ------------------------------------------------------------------ options

  /** The forward layer: a {@link Recurrent} layer or an {@link RNN}, as given. */
  public Layer forwardLayer() {
    return forwardLayer;
  }

  /** The backward layer: a {@link Recurrent} layer or an {@link RNN}, as given. */
  public Layer backwardLayer() {
    return backwardLayer;
  }

  /** The merge mode, or null when the two outputs are returned as a list. */
  public String mergeMode() {
    return mergeMode;
  }

  public boolean returnSequences() {
    return options(forwardLayer).returnSequences();
  }

  public boolean returnState() {
    return options(forwardLayer).returnState();
  }

  @Override
  public Bidirectional name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Map<String, Layer> wrappedLayers() {
    Map<String, Layer> layers = new LinkedHashMap<>();
    layers.put("forward_layer", forwardLayer);
    layers.put("backward_layer", backwardLayer);
    return layers;
  }

  // ------------------------------------------------------------------ calling

  @Override
  protected void build(List<Shape> inputShapes) {}

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    KerasTensor sequences = inputs.get(0);
    List<KerasTensor> states = inputs.subList(1, inputs.size());
    int perDirection = options(forwardLayer).stateTensors();
    int backwardStates = options(backwardLayer).stateTensors();
    if (!states.isEmpty() && states.size() != perDirection + backwardStates) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Bidirectional) splits its initial states "
          + "between the forward and the backward layer: give " + perDirection + " for " + forwardLayer.name()
          + " then " + backwardStates + " for " + backwardLayer.name() + ", got " + states.size()
          + " initial state tensor(s)");
    }
    boolean builtBefore = forwardLayer.isBuilt() && backwardLayer.isBuilt();
    List<KerasTensor> forwardInputs = new ArrayList<>();
    forwardInputs.add(sequences);
    List<KerasTensor> backwardInputs = new ArrayList<>(forwardInputs);
    if (!states.isEmpty()) {
      forwardInputs.addAll(states.subList(0, perDirection));
      backwardInputs.addAll(states.subList(perDirection, states.size()));
    }
    List<KerasTensor> forward = callNested(forwardLayer, forwardInputs, training);
    List<KerasTensor> backward = callNested(backwardLayer, backwardInputs, training);
    if (!builtBefore && initialWeights != null) {
      setInitialWeights();
    }

    KerasTensor y = forward.get(0).withMask(null);
    KerasTensor yReversed = backward.get(0).withMask(null);
    if (returnSequences()) {
      yReversed = Ops.flip(yReversed, 1);
    }
    KerasTensor mask = returnSequences() ? sequences.mask() : null;
    List<KerasTensor> outputs = new ArrayList<>();
    if (mergeMode == null) {
      outputs.add(y.withMask(mask));
      outputs.add(yReversed.withMask(mask));
    } else {
      outputs.add(merge(y, yReversed).withMask(mask));
    }
    if (returnState()) {
      forward.subList(1, forward.size()).forEach(s -> outputs.add(s.withMask(null)));
      backward.subList(1, backward.size()).forEach(s -> outputs.add(s.withMask(null)));
    }
    return outputs;
  }

  private KerasTensor merge(KerasTensor y, KerasTensor yReversed) {
    return switch (mergeMode) {
      case "concat" -> Ops.concatenate(new KerasTensor[] {y, yReversed}, -1);
      case "sum" -> Ops.add(y, yReversed);
      case "ave" -> Ops.divide(Ops.add(y, yReversed), 2);
      case "mul" -> Ops.multiply(y, yReversed);
      default -> throw new IllegalStateException("Unrecognized merge mode " + mergeMode);
    };
  }

  private void setInitialWeights() {
    List<? extends NdArray<?>> weights = initialWeights;
    initialWeights = null;
    int half = weights.size() / 2;
    forwardLayer.setWeights(weights.subList(0, half));
    backwardLayer.setWeights(weights.subList(half, weights.size()));
  }

  /** The input's mask when returning sequences, as Keras's {@code Bidirectional.compute_mask}; else none. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return returnSequences() ? masks.get(0) : null;
  }

  // ------------------------------------------------------------------ serialization

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("merge_mode", mergeMode);
    config.put("layer", nestedConfig(forwardLayer));
    config.put("backward_layer", nestedConfig(backwardLayer));
    return config;
  }

  public static Bidirectional fromConfig(Config config) {
    Object mode = config.get("merge_mode");
    if (mode != null && !(mode instanceof String)) {
      throw new IllegalArgumentException("The saved config of Bidirectional has 'merge_mode' = " + mode
          + ", expected one of \"sum\", \"mul\", \"ave\", \"concat\" or null");
    }
    Layer layer = nestedLayer("Bidirectional", config, "layer");
    Layer backward = config.get("backward_layer") == null ? null
        : nestedLayer("Bidirectional", config, "backward_layer");
    Bidirectional wrapper = new Bidirectional(layer, (String) mode, backward);
    wrapper.keepBuildConfig(wrapper.forwardLayer, config.get("layer"));
    wrapper.keepBuildConfig(wrapper.backwardLayer, backward != null ? config.get("backward_layer") : config.get("layer"));
    return wrapper;
  }
}
