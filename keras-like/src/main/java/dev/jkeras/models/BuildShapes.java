package dev.jkeras.models;

import dev.jkeras.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two ways to build a model, and the messages that name the other one when a shape was given to
 * the wrong one: {@code build(int...)} takes the shape of one sample ({@code build(28, 28)}),
 * {@code build(Shape)} the batch shape, batch dimension first ({@code build(Shape.of(UNKNOWN, 28, 28))}).
 */
final class BuildShapes {
  private static final System.Logger LOG = System.getLogger(BuildShapes.class.getName());

  private BuildShapes() {}

  /** {@code build(28, 28)}'s text for a sample shape. */
  static String sampleCall(Shape sample) {
    return "build(" + Arrays.stream(sample.asArray()).mapToObj(Long::toString).collect(Collectors.joining(", "))
        + ")";
  }

  /** {@code build(Shape.of(...))}'s text for a batch shape. */
  static String batchCall(Shape batch) {
    return "build(Shape.of(" + Arrays.stream(batch.asArray())
        .mapToObj(d -> d == Shape.UNKNOWN ? "Shape.UNKNOWN" : Long.toString(d))
        .collect(Collectors.joining(", ")) + "))";
  }

  /**
   * Warns when {@code model} is already built for a single input of another shape than the batch shape
   * {@code requested} (the build is then a no-op, as it always was), saying which call was meant when
   * the shapes differ by the batch dimension.
   *
   * @param sample the shape given to {@code build(int...)}, or null when {@code build(Shape)} was called
   */
  static void warnIfRebuilt(Model model, Shape requested, Shape sample) {
    List<Shape> built = model.inputShapes();
    if (!model.isBuilt() || built == null || built.size() != 1 || built.get(0).isCompatibleWith(requested)) {
      return;
    }
    Shape shape = built.get(0);
    String asked = sample == null ? batchCall(requested) : sampleCall(sample);
    StringBuilder message = new StringBuilder("Model '" + model.name() + "' is already built for inputs of batch shape "
        + shape + "; " + asked + " asks for " + requested + " and is ignored.");
    if (sample == null && requested.rank() == shape.rank() - 1 && shape.dropFirst().isCompatibleWith(requested)) {
      message.append(" build(Shape) takes the batch shape, batch dimension first; for the shape of one sample call ")
          .append(sampleCall(requested)).append(", or ").append(batchCall(requested.prepend(Shape.UNKNOWN)))
          .append('.');
    } else if (sample != null && sample.rank() == shape.rank() && shape.isCompatibleWith(sample)) {
      message.append(" build(int...) takes the shape of one sample, without the batch dimension; call ")
          .append(sampleCall(sample.dropFirst())).append(", or ").append(batchCall(sample))
          .append(" for a batch shape.");
    } else {
      message.append(" Build a new model for other inputs.");
    }
    LOG.log(System.Logger.Level.WARNING, message.toString());
  }

  /** {@code failure} of a build with the reminder of what the shape given meant and the other form. */
  static IllegalArgumentException withHint(IllegalArgumentException failure, Shape requested, Shape sample) {
    String hint = sample == null
        ? " (build(Shape) takes the batch shape, batch dimension first: " + batchCall(requested) + " built for "
            + requested + ". If " + requested + " is the shape of one sample, call " + sampleCall(requested) + ".)"
        : " (build(int...) takes the shape of one sample: " + sampleCall(sample) + " built for the batch shape "
            + requested + ". If " + sample + " includes the batch dimension, call " + batchCall(sample) + ".)";
    IllegalArgumentException hinted = new IllegalArgumentException(failure.getMessage() + hint, failure);
    hinted.setStackTrace(failure.getStackTrace());
    return hinted;
  }
}
