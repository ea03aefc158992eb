package dev.jkeras.saving;

import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * An object that saves values by name in its {@code vars} group of the weights file, beside its
 * numbered variables, as Keras's {@code save_own_variables} does when it writes
 * {@code store["idf_weights"]} for a {@code tf_idf} lookup layer.
 */
public interface NamedValues {

  /** The values to save, by dataset name; empty when there are none. */
  Map<String, NdArray<?>> saveNamedValues();

  /**
   * Restores what {@link #saveNamedValues} saved; {@code values} holds every named dataset of this
   * object's {@code vars} group. Called before the object's assets are loaded, as Keras loads an
   * object's variables before its assets.
   *
   * @throws IllegalArgumentException when a value is missing, unexpected or of the wrong shape or dtype
   */
  void loadNamedValues(Map<String, NdArray<?>> values);
}
