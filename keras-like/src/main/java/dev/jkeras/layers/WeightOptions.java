package dev.jkeras.layers;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.constraints.Constraints;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.regularizers.Regularizers;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.Map;

/**
 * The options of one weight of a layer: its initializer, regularizer and constraint, declared once
 * under Keras's key prefix ({@code "kernel"}, {@code "bias"}, {@code "recurrent"}, {@code "gamma"},
 * ...). It writes the {@code <prefix>_initializer}, {@code <prefix>_regularizer} and
 * {@code <prefix>_constraint} entries of the layer's config, reads them back, and creates the weight
 * with them, so a layer's fluent setters, {@code getConfig}, {@code fromConfig} and {@code build}
 * cannot drift apart.
 *
 * <p>The options belong to their layer: setting one after the layer is built is an error, as for any
 * other layer option.
 */
public final class WeightOptions {
  private final Layer owner;
  private final String prefix;
  private final String optionName;
  private Initializer initializer;
  private Regularizer regularizer;
  private Constraint constraint;

  /** The options of {@code owner}'s weight saved under {@code prefix}, starting from {@code initializer}. */
  public WeightOptions(Layer owner, String prefix, Initializer initializer) {
    this.owner = owner;
    this.prefix = prefix;
    this.optionName = camelCase(prefix);
    this.initializer = initializer;
  }

  private static String camelCase(String snake) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** Keras's key prefix, e.g. {@code "kernel"}. */
  public String prefix() {
    return prefix;
  }

  public Initializer initializer() {
    return initializer;
  }

  public Regularizer regularizer() {
    return regularizer;
  }

  public Constraint constraint() {
    return constraint;
  }

  public void initializer(Initializer initializer) {
    owner.checkNotBuilt(optionName + "Initializer");
    this.initializer = initializer;
  }

  /** An initializer by Keras's name, e.g. {@code "he_normal"}. */
  public void initializer(String name) {
    initializer(Initializers.get(name));
  }

  /** The regularizer whose penalty joins the training loss; null for none. */
  public void regularizer(Regularizer regularizer) {
    owner.checkNotBuilt(optionName + "Regularizer");
    this.regularizer = regularizer;
  }

  /** The constraint applied after each optimizer update; null for none. */
  public void constraint(Constraint constraint) {
    owner.checkNotBuilt(optionName + "Constraint");
    this.constraint = constraint;
  }

  /** A constraint by Keras's name, e.g. {@code "non_neg"}. */
  public void constraint(String name) {
    constraint(Constraints.get(name));
  }

  /** Creates the trainable weight {@code weightName} with these options. */
  public Variable addWeight(String weightName, Shape shape) {
    return addWeight(weightName, shape, initializer);
  }

  /** Creates the trainable weight with these options but another initializer (LSTM's forget-gate bias). */
  public Variable addWeight(String weightName, Shape shape, Initializer initializerForBuild) {
    return owner.addWeight(weightName, shape, initializerForBuild, true, regularizer, constraint);
  }

  /** Creates a non-trainable weight (e.g. a moving statistic) with this initializer. */
  public Variable addNonTrainableWeight(String weightName, Shape shape) {
    return owner.addWeight(weightName, shape, initializer, false, regularizer, constraint);
  }

  /** Sets the options a saved config holds; absent or null entries keep the current option. */
  public void readFrom(Config config) {
    Object savedInitializer = config.get(prefix + "_initializer");
    if (savedInitializer != null) {
      initializer(Initializers.deserialize(savedInitializer));
    }
    Object savedRegularizer = config.get(prefix + "_regularizer");
    if (savedRegularizer != null) {
      regularizer(Regularizers.deserialize(savedRegularizer));
    }
    Object savedConstraint = config.get(prefix + "_constraint");
    if (savedConstraint != null) {
      constraint(Constraints.deserialize(savedConstraint));
    }
  }

  /** Puts each weight's {@code <prefix>_initializer}, in the order given (Keras's order). */
  public static void putInitializers(Map<String, Object> config, WeightOptions... weights) {
    for (WeightOptions weight : weights) {
      config.put(weight.prefix + "_initializer", Serialization.serialize(weight.initializer));
    }
  }

  /** Puts each weight's {@code <prefix>_regularizer}, null for none. */
  public static void putRegularizers(Map<String, Object> config, WeightOptions... weights) {
    for (WeightOptions weight : weights) {
      config.put(weight.prefix + "_regularizer", Serialization.serialize(weight.regularizer));
    }
  }

  /** Puts each weight's {@code <prefix>_constraint}, null for none. */
  public static void putConstraints(Map<String, Object> config, WeightOptions... weights) {
    for (WeightOptions weight : weights) {
      config.put(weight.prefix + "_constraint", Serialization.serialize(weight.constraint));
    }
  }

  /** Reads each weight's options from a saved config. */
  public static void readAll(Config config, WeightOptions... weights) {
    for (WeightOptions weight : weights) {
      weight.readFrom(config);
    }
  }
}
