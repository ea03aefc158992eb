package dev.jkeras.saving;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What Keras 3 refuses in {@code .keras} files written by Keras 2.13-2.15. Keras 3 reads those
 * files with its own rules, not the legacy HDF5 ones: a layer other than InputLayer that carries
 * Keras 2's {@code batch_input_shape} (any Sequential whose first layer was given
 * {@code input_dim} or {@code input_shape}) fails with {@code Unrecognized keyword arguments passed
 * to Dense: {'batch_input_shape': ...}}. jkeras refuses the same files, saying why, rather than
 * loading what Keras itself cannot.
 */
public final class KerasTwoFiles {
  private KerasTwoFiles() {}

  /** Throws when Keras 3 would refuse the {@code .keras} file {@code path} with this metadata and config. */
  public static void checkLoadable(Path path, Map<String, Object> metadata, Map<String, Object> config) {
    Object version = metadata.get("keras_version");
    if (!(version instanceof String v) || !v.startsWith("2.")) {
      return;
    }
    Map<?, ?> offending = find(config, 0);
    if (offending == null) {
      return;
    }
    Map<?, ?> layerConfig = (Map<?, ?>) offending.get("config");
    throw new IllegalArgumentException(path + " was saved by Keras " + v + " and cannot be loaded: Keras 3 refuses "
        + "this file as well, because its layer '" + layerConfig.get("name") + "' (" + offending.get("class_name")
        + ") carries Keras 2's 'batch_input_shape' = " + layerConfig.get("batch_input_shape") + ", which Keras 3 "
        + "rejects (\"Unrecognized keyword arguments passed to " + offending.get("class_name")
        + "\"). Re-save the model with Keras 3 (or as a legacy .h5 file from Keras 2, which Keras 3 and jkeras load), "
        + "or rebuild it in jkeras with an Input layer.");
  }

  /** The first layer below {@code object}, other than an InputLayer, whose config has {@code batch_input_shape}. */
  private static Map<?, ?> find(Object object, int depth) {
    if (depth > 64) {
      return null;
    }
    if (object instanceof Map<?, ?> map) {
      if (map.get("class_name") instanceof String name && !name.equals("InputLayer")
          && map.get("config") instanceof Map<?, ?> config && config.containsKey("batch_input_shape")) {
        return map;
      }
      for (Object value : map.values()) {
        Map<?, ?> found = find(value, depth + 1);
        if (found != null) {
          return found;
        }
      }
    } else if (object instanceof List<?> list) {
      for (Object value : list) {
        Map<?, ?> found = find(value, depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
