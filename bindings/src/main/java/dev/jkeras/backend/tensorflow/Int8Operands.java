package dev.jkeras.backend.tensorflow;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The int8 tensors of quantized layers, built with TensorFlow's raw op builder: TensorFlow Java
 * 1.1.0 has no int8 type class, so its typed op wrappers cannot name {@code DT_INT8}. Int8 values
 * stay in the graph (variables, casts, reads); they cross into Java as the same bytes in a uint8
 * tensor ({@code Bitcast}), which a {@code ByteNdArray} holds as Java's signed bytes.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class Int8Operands {
  private Int8Operands() {}

  /** A {@code VarHandleOp} of an int8 resource variable. */
  static Operand varHandle(Ops tf, org.tensorflow.ndarray.Shape shape, String sharedName) {
    return output(tf.scope().opBuilder("VarHandleOp", "VarHandleOp")
        .setAttr("dtype", DataType.DT_INT8)
        .setAttr("shape", shape)
        .setAttr("container", "")
        .setAttr("shared_name", sharedName));
  }

  /** The int8 value of the variable behind {@code handle}. */
  public static Operand read(Ops tf, Operand handle) {
    return output(tf.scope().opBuilder("ReadVariableOp", "ReadVariableOp")
        .addInput(handle.asOutput())
        .setAttr("dtype", DataType.DT_INT8));
  }

  /** {@code x} cast to int8 (TensorFlow's {@code Cast}: values outside [-128, 127] wrap, so clip first). */
  public static Operand cast(Ops tf, Operand<? extends TType> x) {
    return output(tf.scope().opBuilder("Cast", "Cast")
        .addInput(x.asOutput())
        .setAttr("DstT", DataType.DT_INT8)
        .setAttr("Truncate", false));
  }

  /** The bytes of an int8 tensor as uint8, to fetch into Java. */
  static Operand<TUint8> asUint8(Ops tf, Operand int8) {
    return bitcast(tf, int8, DataType.DT_UINT8);
  }

  /** The bytes of a uint8 tensor fed from Java as int8. */
  static Operand fromUint8(Ops tf, Operand<TUint8> bytes) {
    return bitcast(tf, bytes, DataType.DT_INT8);
  }

  private static Operand bitcast(Ops tf, Operand x, DataType type) {
    return output(tf.scope().opBuilder("Bitcast", "Bitcast")
        .addInput(x.asOutput())
        .setAttr("type", type));
  }

  /** Restores int8 and other checkpointed tensors: {@code RestoreV2} with proto dtypes. */
  public static java.util.List<Output<?>> restore(Ops tf, Operand prefix, Operand keys, Operand slices, DataType[] types) {
    var op = tf.scope().opBuilder("RestoreV2", "RestoreV2")
        .addInput(prefix.asOutput())
        .addInput(keys.asOutput())
        .addInput(slices.asOutput())
        .setAttr("dtypes", types)
        .build();
    java.util.List<Output<?>> outputs = new java.util.ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      outputs.add(op.output(i));
    }
    return outputs;
  }

  private static Operand output(org.tensorflow.OperationBuilder builder) {
    return builder.build().output(0);
  }
}
