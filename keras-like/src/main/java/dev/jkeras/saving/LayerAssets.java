package dev.jkeras.saving;

import java.util.Map;

/**
 * An object that keeps files beside its weights, as Keras's {@code save_assets(dir_path)} and
 * {@code load_assets(dir_path)}: in a {@code .keras} file they live under
 * {@code assets/<object path>/} (e.g. {@code assets/layers/string_lookup/vocabulary.txt}).
 */
public interface LayerAssets {

  /** The files to save, by name inside this object's asset directory; empty when there are none. */
  Map<String, byte[]> saveAssets();

  /** Restores what {@link #saveAssets} saved; {@code files} holds every file of this object's directory. */
  void loadAssets(Map<String, byte[]> files);
}
