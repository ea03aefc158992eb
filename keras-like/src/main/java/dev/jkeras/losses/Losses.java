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
          // issue 17: the rest of Keras's losses, by function name and alias (keras.losses.ALL_OBJECTS_DICT)
          .put("bce", BinaryCrossentropy::new)
          .put("kl_divergence", KLDivergence::new)
          .put("kld", KLDivergence::new)
          .put("poisson", Poisson::new)
          .put("log_cosh", LogCosh::new)
          .put("cosine_similarity", CosineSimilarity::new)
          .put("hinge", Hinge::new)
          .put("squared_hinge", SquaredHinge::new)
          .put("categorical_hinge", CategoricalHinge::new)
          .put("mean_squared_logarithmic_error", MeanSquaredLogarithmicError::new)
          .put("msle", MeanSquaredLogarithmicError::new)
          .put("mean_absolute_percentage_error", MeanAbsolutePercentageError::new)
          .put("mape", MeanAbsolutePercentageError::new)
          .put("binary_focal_crossentropy", BinaryFocalCrossentropy::new)
          .put("categorical_focal_crossentropy", CategoricalFocalCrossentropy::new)
          .put("dice", Dice::new)
          .put("tversky", Tversky::new)
          .put("circle", Circle::new)
          .put("ctc", CTC::new)
          // compile's "crossentropy" and "ce": binary, sparse or categorical by the shapes of targets and predictions
          .put("crossentropy", () -> new ShapeResolvedCrossentropy("crossentropy"))
          .put("ce", () -> new ShapeResolvedCrossentropy("ce"))
          // Keras's class names, which keras.losses.get takes too (looked up case-insensitively, as every name)
          .put("binarycrossentropy", BinaryCrossentropy::new)
          .put("binaryfocalcrossentropy", BinaryFocalCrossentropy::new)
          .put("categoricalcrossentropy", CategoricalCrossentropy::new)
          .put("categoricalfocalcrossentropy", CategoricalFocalCrossentropy::new)
          .put("sparsecategoricalcrossentropy", SparseCategoricalCrossentropy::new)
          .put("kldivergence", KLDivergence::new)
          .put("meansquarederror", MeanSquaredError::new)
          .put("meanabsoluteerror", MeanAbsoluteError::new)
          .put("meanabsolutepercentageerror", MeanAbsolutePercentageError::new)
          .put("meansquaredlogarithmicerror", MeanSquaredLogarithmicError::new)
          .put("cosinesimilarity", CosineSimilarity::new)
          .put("logcosh", LogCosh::new)
          .put("squaredhinge", SquaredHinge::new)
          .put("categoricalhinge", CategoricalHinge::new)
          .build();

  /** The loss Keras calls {@code name}. */
  public static Loss get(String name) {
    return Identifiers.lookup("loss", name, BY_NAME).get();
  }
}
