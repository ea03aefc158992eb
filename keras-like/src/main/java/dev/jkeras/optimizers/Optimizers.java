package dev.jkeras.optimizers;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.saving.Serialization;
import dev.jkeras.utils.Identifiers;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras's optimizers by name ({@code "sgd"}, {@code "rmsprop"}, {@code "adam"}, {@code "adamw"},
 * {@code "nadam"}, {@code "adagrad"}, {@code "adamax"}, {@code "adadelta"}, {@code "ftrl"}, {@code "lion"},
 * {@code "lamb"}, {@code "adafactor"}), with
 * Keras's defaults.
 */
public final class Optimizers {
  private Optimizers() {}

  private static final Map<String, Supplier<Optimizer>> BY_NAME = ImmutableMap.<String, Supplier<Optimizer>>builder()
      .put("sgd", SGD::new)
      .put("rmsprop", RMSprop::new)
      .put("adam", Adam::new)
      .put("adamw", AdamW::new)
      .put("nadam", Nadam::new)
      .put("adagrad", Adagrad::new)
      .put("adamax", Adamax::new)
      .put("adadelta", Adadelta::new)
      .put("ftrl", Ftrl::new)
      // issue 17: Lion, Lamb, Adafactor
      .put("lion", Lion::new)
      .put("lamb", Lamb::new)
      .put("adafactor", Adafactor::new)
      .build();

  public static Optimizer get(String name) {
    return Identifiers.lookup("optimizer", name, BY_NAME).get();
  }

  /** An optimizer from a file: a name ({@code "adam"}) or a serialized object. */
  public static Optimizer deserialize(Object saved) {
    return Serialization.deserialize(saved, Optimizer.class, Optimizers::get);
  }

}
