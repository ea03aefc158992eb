package dev.jkeras.serving;

import java.nio.file.Path;
import java.util.Map;

/**
 * One served model, as an entry of TF Serving's {@code model_config_list}: its name, the base path
 * whose numbered subfolders are its versions, which versions to serve, and version labels.
 */
public record ModelConfig(String name, Path basePath, VersionPolicy versionPolicy, Map<String, Long> versionLabels) {
  public ModelConfig {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A model needs a name (model_name / config { name: ... })");
    }
    if (name.contains("/") || name.contains(":")) {
      throw new IllegalArgumentException("Model name '" + name + "' may not contain '/' or ':' (they delimit "
          + "the REST API's paths)");
    }
    if (basePath == null) {
      throw new IllegalArgumentException("Model '" + name + "' needs a base path (model_base_path / base_path)");
    }
    versionPolicy = versionPolicy == null ? VersionPolicy.latest() : versionPolicy;
    versionLabels = versionLabels == null ? Map.of() : Map.copyOf(versionLabels);
  }

  /** A model serving the newest version under {@code basePath}. */
  public ModelConfig(String name, Path basePath) {
    this(name, basePath, VersionPolicy.latest(), Map.of());
  }
}
