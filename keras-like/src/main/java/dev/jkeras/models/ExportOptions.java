package dev.jkeras.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The signatures {@code model.export} writes, as Keras's {@code ExportArchive.add_endpoint}:
 * {@code export -> export.endpoint("mc_dropout", e -> e.training(true))}. The {@code serving_default}
 * signature (the forward pass in inference mode) is always written.
 */
public final class ExportOptions {
  static final String SERVING_DEFAULT = "serving_default";

  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  ExportOptions() {
    endpoints.put(SERVING_DEFAULT, new Endpoint());
  }

  /** Adds (or redefines) the signature {@code name}. */
  public ExportOptions endpoint(String name, Consumer<Endpoint> options) {
    if (name == null || name.isBlank() || name.startsWith("__")) {
      throw new IllegalArgumentException("An export signature needs a name that does not start with '__', got '"
          + name + "'");
    }
    Endpoint endpoint = new Endpoint();
    options.accept(endpoint);
    endpoints.put(name, endpoint);
    return this;
  }

  Map<String, Endpoint> endpoints() {
    return endpoints;
  }

  /** One exported signature: the model's forward pass, in inference or training mode, with all or some outputs. */
  public static final class Endpoint {
    private boolean training;
    private List<String> outputs = List.of();

    Endpoint() {}

    /** Runs layers in training mode (e.g. dropout active, for Monte Carlo dropout at serving time). */
    public Endpoint training(boolean training) {
      this.training = training;
      return this;
    }

    /** Returns only these outputs (by output name); all by default. */
    public Endpoint outputs(String... names) {
      this.outputs = List.of(names);
      return this;
    }

    boolean training() {
      return training;
    }

    List<String> outputs() {
      return outputs;
    }
  }
}
