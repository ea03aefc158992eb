package dev.jkeras.saving;

import java.util.Map;

/**
 * An object saved as its class and a {@code config} dictionary, as Keras's {@code get_config}: layers,
 * models, initializers, regularizers and optimizers. Rebuilding uses the class's static
 * {@code fromConfig(Config)} when it declares one, else its no-argument constructor.
 */
public interface KerasSerializable {
  /** The options that rebuild this object, with Keras's keys (snake_case) and JSON values. */
  Map<String, Object> getConfig();

  /** The class name saved in the file; Keras's name where it differs from the Java class's. */
  default String kerasClassName() {
    return getClass().getSimpleName();
  }
}
