package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.saving.Config;
import dev.jkeras.utils.Identifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code StackedRNNCells}: several cells run as one, each step's output feeding the next
 * cell, so that {@code new RNN(new StackedRNNCells(a, b))} is a stack of recurrent layers in one time
 * loop. Its states are those of its cells, in order ({@code [h_a, h_b, c_b]} for a SimpleRNNCell then
 * an LSTMCell); its output is the last cell's. Each cell is built for the previous cell's output
 * size; their weights are saved under {@code cell/cells/<cell class>} as Keras saves them.
 */
public class StackedRNNCells extends RNNCell {
  private final List<RNNCell> cells;

  public StackedRNNCells(RNNCell... cells) {
    this(Arrays.asList(cells));
  }

  public StackedRNNCells(List<? extends RNNCell> cells) {
    if (cells == null || cells.isEmpty() || cells.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException("StackedRNNCells needs a non-empty list of RNN cells (none null), got "
          + cells);
    }
    this.cells = List.copyOf(cells);
  }

  /** The cells, first to last. */
  public List<RNNCell> cells() {
    return cells;
  }

  @Override
  public StackedRNNCells name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public int[] stateSize() {
    return cells.stream().flatMapToInt(c -> Arrays.stream(c.stateSize())).toArray();
  }

  @Override
  public int outputSize() {
    return cells.get(cells.size() - 1).outputSize();
  }

  /** The cells under Keras's saving names, {@code cells/lstm_cell}, {@code cells/lstm_cell_1}, ... */
  @Override
  public Map<String, Layer> wrappedLayers() {
    Map<String, Layer> named = new LinkedHashMap<>();
    Map<String, Integer> used = new HashMap<>();
    for (RNNCell cell : cells) {
      String base = Identifiers.snakeCase(cell.getClass().getSimpleName());
      int count = used.merge(base, 1, Integer::sum) - 1;
      named.put("cells/" + (count == 0 ? base : base + "_" + count), cell);
    }
    return named;
  }

  @Override
  protected void build(Shape inputShape) {
    Shape shape = inputShape;
    for (RNNCell cell : cells) {
      buildNested(cell, shape);
      shape = Shape.of(inputShape.get(0), cell.outputSize());
    }
  }

  /** Each cell starts its sequence with its own step input: the sequence's step for the first, the previous cell's output for the others. */
  @Override
  protected void startSequence(KerasTensor stepShape, boolean training) {
    KerasTensor shape = stepShape;
    for (RNNCell cell : cells) {
      cell.startSequence(shape, training);
      shape = RNN.withWidth(shape, cell.outputSize());
    }
  }

  @Override
  protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
    KerasTensor x = input;
    List<KerasTensor> newStates = new ArrayList<>();
    int at = 0;
    for (RNNCell cell : cells) {
      int count = cell.stateSize().length;
      Output step = cell.call(x, states.subList(at, at + count), training);
      if (step.states().size() != count) {
        throw new IllegalStateException("RNN cell \"" + cell.name() + "\" returned " + step.states().size()
            + " state(s), but its stateSize() has " + count);
      }
      x = step.output();
      newStates.addAll(step.states());
      at += count;
    }
    return new Output(x, newStates);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("cells", cells.stream().map(this::nestedConfig).toList());
    return config;
  }

  public static StackedRNNCells fromConfig(Config config) {
    if (!(config.get("cells") instanceof List<?> saved) || saved.isEmpty()) {
      throw new IllegalArgumentException("The saved config of StackedRNNCells needs 'cells', a non-empty list of "
          + "serialized RNN cells, got " + config.get("cells"));
    }
    List<RNNCell> cells = new ArrayList<>();
    for (Object entry : saved) {
      cells.add(RNN.cellOf(Layers.deserialize(entry), "StackedRNNCells"));
    }
    StackedRNNCells stacked = new StackedRNNCells(cells);
    for (int i = 0; i < cells.size(); i++) {
      stacked.keepBuildConfig(cells.get(i), saved.get(i));
    }
    return stacked;
  }
}
