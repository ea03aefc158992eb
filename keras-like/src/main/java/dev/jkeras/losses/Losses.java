package dev.jkeras.losses;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.utils.Identifiers;
import java.util.Map;
import java.util.function.Supplier;

/** Keras's losses by name ({@code "sparse_categorical_crossentropy"}, {@code "mse"}, ...). */
public final class Losses {
  private Losses() {}

  private static final Map<String, Supplier<Loss>> BY_NAME =
      ImmutableMap.<String, Supplier<Loss>>builder()
          .put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new)
          .put("categorical_crossentropy", CategoricalCrossentropy::new)
          .put("binary_crossentropy", BinaryCrossentropy::new)
          .put("mean_squared_error", MeanSquaredError::new)
          .put("mse", MeanSquaredError::new)
          .put("mean_absolute_error", MeanAbsoluteError::new)
          .put("mae", MeanAbsoluteError::new)
          .put("huber", () -> new Huber(1.0, "huber"))
          // jkeras once saved "huber_loss", which Keras does not read; such files still load.
          .put("huber_loss", () -> new Huber(1.0, "huber"))
          .build();

  /** The loss Keras calls {@code name}. */
  public static Loss get(String name) {
    return Identifiers.lookup("loss", name, BY_NAME).get();
  }
}
