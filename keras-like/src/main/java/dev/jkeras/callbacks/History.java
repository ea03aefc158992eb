package dev.jkeras.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records the logs of every epoch; {@code fit} returns it. */
public class History extends Callback {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> history = new LinkedHashMap<>();

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    logs.forEach((name, value) -> history.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
  }

  /** Each logged value per epoch: {@code loss}, metrics, and {@code val_} ones. */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> view = new LinkedHashMap<>();
    history.forEach((k, v) -> view.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(view);
  }

  /** The epoch indices trained (0-based, as in Keras). */
  public List<Integer> epoch() {
    return Collections.unmodifiableList(epochs);
  }

  @Override
  public String toString() {
    return "History" + history;
  }
}
