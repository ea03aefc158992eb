package dev.jkeras.saving;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a custom layer or subclassed model as safe to rebuild from a saved file, as Keras's
 * {@code @keras.saving.register_keras_serializable(package="Custom")}.
 *
 * <p>Saving records the class as {@code package>name}; loading rebuilds it with its static
 * {@code fromConfig(Config)} method when it declares one, else with its public no-argument
 * constructor, and then restores the layer's name and weights. Classes without this annotation are
 * never instantiated from a file unless registered with {@link Serialization#register}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RegisterSerializable {
  /** The package part of the registered name; Keras's default is {@code Custom}. */
  String packageName() default "Custom";

  /** The name part; the class's simple name when empty. */
  String name() default "";
}
