package dev.jkeras.optimizers;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.saving.Serialization;
import dev.jkeras.utils.Identifiers;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras's optimizers by name ({@code "sgd"}, {@code "rmsprop"}, {@code "adam"}, {@code "adamw"},
 * {@code "nadam"}, {@code "adagrad"}, {@code "adamax"}, {@code "adadelta"}, {@code "ftrl"}), with
 * Keras's defaults.
 */
public final class Optimizers {
  private Optimizers() {}

  private static final Map<String, Supplier<Optimizer>> BY_NAME = ImmutableMap.of(
      "sgd", SGD::new,
      "rmsprop", RMSprop::new,
      "adam", Adam::new,
      "adamw", AdamW::new,
      "nadam", Nadam::new,
      "adagrad", Adagrad::new,
      "adamax", Adamax::new,
      "adadelta", Adadelta::new,
      "ftrl", Ftrl::new);

  public static Optimizer get(String name) {
    return Identifiers.lookup("optimizer", name, BY_NAME).get();
  }

  /** An optimizer from a file: a name ({@code "adam"}) or a serialized object. */
  public static Optimizer deserialize(Object saved) {
    return Serialization.deserialize(saved, Optimizer.class, Optimizers::get);
  }

}
