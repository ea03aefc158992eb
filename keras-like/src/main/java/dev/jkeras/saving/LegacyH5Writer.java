package dev.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Writes Keras's legacy HDF5 model file, as Keras 3's {@code model.save("x.h5")} does (with the
 * same warning that the format is legacy): root attributes {@code model_config},
 * {@code training_config}, {@code keras_version}, {@code backend}; a {@code model_weights} group
 * with one group per layer that has weights, its {@code weight_names} and datasets; and an
 * {@code optimizer_weights} group. Layers without weights get no group (Keras's loader skips them).
 */
public final class LegacyH5Writer {
  private LegacyH5Writer() {}

  /** One named value to write. */
  public record NamedValue(String name, NdArray<?> value) {}

  /** One layer with weights: its name and weights in Keras's legacy order (trainable first). */
  public record LayerValues(String name, List<NamedValue> weights) {}

  public static void write(Path file, Map<String, Object> modelConfig, Map<String, Object> trainingConfig,
      List<LayerValues> layers, List<NamedValue> optimizer) {
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putAttribute("backend", "tensorflow");
      h5.putAttribute("keras_version", KerasArchive.KERAS_VERSION);
      h5.putAttribute("model_config", Json.write(modelConfig));
      if (trainingConfig != null) {
        h5.putAttribute("training_config", Json.write(trainingConfig));
      }
      WritableGroup weights = h5.putGroup("model_weights");
      weights.putAttribute("backend", "tensorflow");
      weights.putAttribute("keras_version", KerasArchive.KERAS_VERSION);
      weights.putAttribute("layer_names", layers.stream().map(LayerValues::name).toArray(String[]::new));
      for (LayerValues layer : layers) {
        putAll(weights.putGroup(layer.name()), layer.weights());
      }
      if (!optimizer.isEmpty()) {
        putAll(h5.putGroup("optimizer_weights"), optimizer);
      }
    } catch (HdfException e) {
      throw new IllegalStateException("Could not write the HDF5 model file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void putAll(WritableGroup group, List<NamedValue> values) {
    group.putAttribute("weight_names", values.stream().map(NamedValue::name).toArray(String[]::new));
    for (NamedValue value : values) {
      String[] parts = value.name().split("/");
      WritableGroup parent = group;
      for (int i = 0; i < parts.length - 1; i++) {
        Node child = parent.getChild(parts[i]);
        parent = child instanceof WritableGroup existing ? existing : parent.putGroup(parts[i]);
      }
      parent.putDataset(parts[parts.length - 1], WeightsFile.javaArray(value.value()));
    }
  }
}
