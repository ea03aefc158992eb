package dev.jkeras.initializers;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.saving.Serialization;
import dev.jkeras.utils.Identifiers;
import java.util.Map;
import java.util.function.Supplier;

/** Keras's initializers by name ({@code "glorot_uniform"}, {@code "zeros"}, ...). */
public final class Initializers {
  private Initializers() {}

  private static final Map<String, Supplier<Initializer>> BY_NAME =
      ImmutableMap.<String, Supplier<Initializer>>builder()
          .put("glorot_uniform", GlorotUniform::new)
          .put("glorot_normal", GlorotNormal::new)
          .put("he_uniform", HeUniform::new)
          .put("he_normal", HeNormal::new)
          .put("lecun_uniform", LecunUniform::new)
          .put("lecun_normal", LecunNormal::new)
          .put("random_uniform", RandomUniform::new)
          .put("random_normal", RandomNormal::new)
          .put("truncated_normal", TruncatedNormal::new)
          .put("variance_scaling", VarianceScaling::new)
          .put("zeros", Initializers::zeros)
          .put("ones", Initializers::ones)
          .put("orthogonal", Orthogonal::new)
          .put("uniform", RandomUniform::new)
          .put("normal", RandomNormal::new)
          .build();

  /** The initializer Keras calls {@code name}. */
  public static Initializer get(String name) {
    return Identifiers.lookup("initializer", name, BY_NAME).get();
  }

  public static Initializer zeros() {
    return new Zeros();
  }

  public static Initializer ones() {
    return new Ones();
  }

  public static Initializer constant(double value) {
    return new Constant(value);
  }

  /** An initializer from a file: a name ({@code "glorot_uniform"}) or a serialized object. */
  public static Initializer deserialize(Object saved) {
    return Serialization.deserialize(saved, Initializer.class, Initializers::get);
  }

}
