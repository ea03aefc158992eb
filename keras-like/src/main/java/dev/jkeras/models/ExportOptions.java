package dev.jkeras.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The signatures {@code model.export} writes, as Keras's {@code ExportArchive.add_endpoint}:
 * {@code export -> export.endpoint("mc_dropout", e -> e.training(true))}. The {@code serving_default}
 * signature (the forward pass in inference mode) is always written.
 *
 * <p>Immutable: {@link #endpoint} returns new options; {@link #defaults()} holds only
 * {@code serving_default}.
 */
public final class ExportOptions {
  static final String SERVING_DEFAULT = "serving_default";
  private static final ExportOptions DEFAULTS = new ExportOptions(Map.of(SERVING_DEFAULT, Endpoint.defaults()));

  private final Map<String, Endpoint> endpoints;

  private ExportOptions(Map<String, Endpoint> endpoints) {
    this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
  }

  /** Only the {@code serving_default} signature. */
  public static ExportOptions defaults() {
    return DEFAULTS;
  }

  /** Adds (or redefines) the signature {@code name}: {@code endpoint("mc_dropout", e -> e.training(true))}. */
  public ExportOptions endpoint(String name, UnaryOperator<Endpoint> options) {
    return endpoint(name, options.apply(Endpoint.defaults()));
  }

  /** Adds (or redefines) the signature {@code name}. */
  public ExportOptions endpoint(String name, Endpoint endpoint) {
    if (name == null || name.isBlank() || name.startsWith("__")) {
      throw new IllegalArgumentException("An export signature needs a name that does not start with '__', got '"
          + name + "'");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("The export signature '" + name + "' needs an Endpoint, got null; "
          + "start from Endpoint.defaults()");
    }
    Map<String, Endpoint> all = new LinkedHashMap<>(endpoints);
    all.put(name, endpoint);
    return new ExportOptions(all);
  }

  /** The signatures to write, by name, {@code serving_default} first. */
  public Map<String, Endpoint> endpoints() {
    return endpoints;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportOptions other && endpoints.equals(other.endpoints);
  }

  @Override
  public int hashCode() {
    return endpoints.hashCode();
  }

  @Override
  public String toString() {
    return "ExportOptions" + endpoints;
  }

  /**
   * One exported signature: the model's forward pass, in inference or training mode, with all or
   * some outputs. Immutable.
   */
  public static final class Endpoint {
    private static final Endpoint DEFAULTS = new Endpoint(false, List.of());

    private final boolean training;
    private final List<String> outputs;

    private Endpoint(boolean training, List<String> outputs) {
      this.training = training;
      this.outputs = outputs;
    }

    /** The forward pass in inference mode, with all outputs. */
    public static Endpoint defaults() {
      return DEFAULTS;
    }

    /** Runs layers in training mode (e.g. dropout active, for Monte Carlo dropout at serving time). */
    public Endpoint training(boolean training) {
      return new Endpoint(training, outputs);
    }

    /** Returns only these outputs (by output name); all by default. */
    public Endpoint outputs(String... names) {
      return new Endpoint(training, List.of(names));
    }

    public boolean training() {
      return training;
    }

    /** The output names the signature returns; empty for all. */
    public List<String> outputs() {
      return outputs;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Endpoint other && training == other.training && outputs.equals(other.outputs);
    }

    @Override
    public int hashCode() {
      return Objects.hash(training, outputs);
    }

    @Override
    public String toString() {
      return "Endpoint[training=" + training + ", outputs=" + outputs + "]";
    }
  }
}
