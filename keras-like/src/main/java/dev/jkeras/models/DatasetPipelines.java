package dev.jkeras.models;

import dev.jkeras.backend.ModelGraph;
import dev.jkeras.data.Dataset;
import dev.jkeras.trainers.adapters.DatasetAdapter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The datasets a model was last given, built into its graph once: fitting, evaluating or predicting
 * the same {@link Dataset} again reuses its pipeline and the steps traced for it, so repeated calls
 * neither retrace nor grow the graph. A few are kept (least recently used dropped and released); a
 * dataset in use on another thread gets a pipeline of its own for that call.
 */
final class DatasetPipelines implements AutoCloseable {
  private static final int KEPT = 4;

  private record Key(Dataset dataset, boolean withTargets) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.dataset == dataset && k.withTargets == withTargets;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(dataset) * 31 + Boolean.hashCode(withTargets);
    }
  }

  private final Map<Key, DatasetAdapter> kept = new LinkedHashMap<>(8, 0.75f, true);

  /**
   * An adapter over {@code dataset} in {@code graph}: the kept one when free, else a new one
   * ({@code layout} computes how elements map to the model), kept if there is none yet.
   */
  synchronized DatasetAdapter adapter(Dataset dataset, boolean withTargets, ModelGraph graph,
      Supplier<DatasetAdapter.DatasetLayout> layout) {
    Key key = new Key(dataset, withTargets);
    DatasetAdapter existing = kept.get(key);
    if (existing != null && existing.acquire()) {
      return existing;
    }
    DatasetAdapter.DatasetLayout computed = layout.get();
    boolean keep = existing == null;
    DatasetAdapter made = DatasetAdapter.of(dataset.pipelineIn(graph), computed, keep);
    if (keep) {
      kept.put(key, made);
      evict();
    }
    return made;
  }

  private void evict() {
    for (Iterator<DatasetAdapter> it = kept.values().iterator(); kept.size() > KEPT && it.hasNext(); ) {
      DatasetAdapter oldest = it.next();
      if (oldest.acquire()) {
        it.remove();
        oldest.dispose();
      }
    }
  }

  /** Releases every kept pipeline (the model's graph is going away, or its steps were dropped). */
  @Override
  public synchronized void close() {
    kept.values().forEach(DatasetAdapter::dispose);
    kept.clear();
  }
}
