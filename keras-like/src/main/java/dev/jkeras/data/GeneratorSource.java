package dev.jkeras.data;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.data.DatasetHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tensorflow.ndarray.NdArray;

/**
 * {@code from_generator}: elements made by Java code, checked against a declared element spec. TF
 * Java 1.1.0 has no {@code py_function}, so tf.data's kernels cannot call back into Java: a
 * {@link GeneratorProducer} runs the generator on a background thread into a bounded queue and each
 * element is fed to the step as one batch. It is therefore a source that transformations on
 * TensorFlow's kernels cannot follow.
 */
record GeneratorSource(Supplier<? extends Stream<?>> elements, ElementSpec spec, int queueSize) implements DatasetNode {

  GeneratorSource {
    if (queueSize < 1) {
      throw new IllegalArgumentException("The generator's queue size must be >= 1, got " + queueSize);
    }
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    throw new UnsupportedOperationException("A dataset made from a Java generator, iterable or stream runs in Java "
        + "and feeds each element as one batch; tf.data's kernels cannot call back into Java (TF Java 1.1.0 has no "
        + "py_function), so it cannot be mapped, shuffled, batched or otherwise transformed there. Make each "
        + "element a whole batch (and transform it) in the generator, or build the data with fromTensorSlices");
  }

  /** The flat components of {@code element}, checked against the spec. */
  List<NdArray<?>> check(Object element, long index) {
    List<NdArray<?>> flat = new ArrayList<>();
    ElementStructure structure;
    try {
      structure = ElementStructure.flatten(element, NdArray.class, castList(flat), "Element " + index);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The generator's element " + index + " does not match the declared element "
          + "spec " + spec + ": " + e.getMessage(), e);
    }
    if (!structure.equals(spec.structure())) {
      throw new IllegalArgumentException("The generator's element " + index + " is " + structure + ", but the declared "
          + "element spec is " + spec.structure() + " " + spec);
    }
    for (int i = 0; i < flat.size(); i++) {
      TensorSpec want = spec.components().get(i);
      NdArray<?> got = flat.get(i);
      DType dtype = DType.of(got);
      Shape shape = Shape.of(got.shape().asArray());
      if (dtype != want.dtype() || !want.shape().isCompatibleWith(shape)) {
        throw new IllegalArgumentException("The generator's element " + index + ", component " + i + ", is "
            + dtype.kerasName() + shape + ", but the declared element spec says " + want.dtype().kerasName()
            + want.shape() + "; yield arrays of the declared dtypes and shapes (None: any size)");
      }
    }
    return List.copyOf(flat);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<NdArray> castList(List<NdArray<?>> list) {
    return (List) list;
  }
}
