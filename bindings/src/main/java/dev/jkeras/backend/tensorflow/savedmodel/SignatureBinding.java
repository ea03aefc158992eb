package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.tensorflow.Tensors;
import dev.jkeras.backend.tensorflow.TfOperands;
import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/** Checks the tensors bound to a SavedModel signature's inputs and gives its outputs their static shapes. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class SignatureBinding {
  private SignatureBinding() {}

  /** Fails unless {@code inputs} names exactly the signature's inputs, each of a compatible dtype and shape. */
  public static void checkInputs(TaggedMetaGraph file, String signature, Map<String, KerasTensor> inputs) {
    SignatureDef def = file.signature(signature);
    if (!def.getInputsMap().keySet().equals(inputs.keySet())) {
      throw new IllegalArgumentException("Signature '" + signature + "' of the SavedModel in " + file.directory()
          + " takes inputs " + new TreeSet<>(def.getInputsMap().keySet()) + ", got " + new TreeSet<>(inputs.keySet()));
    }
    for (Map.Entry<String, TensorInfo> entry : def.getInputsMap().entrySet()) {
      KerasTensor given = inputs.get(entry.getKey());
      DType dtype = TaggedMetaGraph.dtype(entry.getValue().getDtype());
      Shape expected = TaggedMetaGraph.shape(entry.getValue());
      if (given.dtype() != dtype || expected != null && !compatible(expected, given.shape())) {
        throw new IllegalArgumentException("Input '" + entry.getKey() + "' of signature '" + signature
            + "' is incompatible: expected dtype=" + dtype + ", shape=" + (expected == null ? "(any)" : expected)
            + "; found dtype=" + given.dtype() + ", shape=" + given.shape());
      }
    }
  }

  private static boolean compatible(Shape expected, Shape actual) {
    if (expected.rank() != actual.rank()) {
      return false;
    }
    for (int i = 0; i < expected.rank(); i++) {
      long e = expected.get(i);
      long a = actual.get(i);
      if (e != Shape.UNKNOWN && a != Shape.UNKNOWN && e != a) {
        return false;
      }
    }
    return true;
  }

  /**
   * The output as a jkeras tensor. Its shape is what TensorFlow infers, with sizes it leaves free
   * taken from the signature, else {@code declared} (may be null); where that says more than
   * TensorFlow knows, an {@code EnsureShape} op checks it at run time.
   */
  public static KerasTensor output(String name, Output<?> output, TensorInfo info, Shape declared, Ops tf) {
    org.tensorflow.ndarray.Shape inferred = output.shape();
    Shape shape = inferred.isUnknown() ? null : Tensors.fromTf(inferred);
    shape = refine(shape, TaggedMetaGraph.shape(info));
    if (declared != null && shape != null && !compatible(shape, declared)) {
      throw new IllegalArgumentException("The declared outputShape " + declared + " of output '" + name
          + "' contradicts its shape " + shape);
    }
    shape = refine(shape, declared);
    if (shape == null) {
      throw new IllegalArgumentException("The rank of output '" + name + "' is unknown (the SavedModel does not "
          + "declare its shape); declare it with outputShape(...)");
    }
    Operand<?> result = output;
    if (inferred.isUnknown() || !Tensors.fromTf(inferred).equals(shape)) {
      result = tf.ensureShape((Operand) output, Tensors.toTf(shape));
    }
    return TfOperands.wrap(result);
  }

  /** {@code known} with its free sizes filled in from {@code hint}, when the ranks agree. */
  private static Shape refine(Shape known, Shape hint) {
    if (known == null || hint == null) {
      return known == null ? hint : known;
    }
    if (known.rank() != hint.rank()) {
      return known;
    }
    long[] dims = known.asArray();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == Shape.UNKNOWN) {
        dims[i] = hint.get(i);
      }
    }
    return Shape.of(dims);
  }
}
