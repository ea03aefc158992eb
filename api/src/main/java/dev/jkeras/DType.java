package dev.jkeras;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;

/** The element type of a tensor, named as Keras names it ({@code "float32"}, {@code "int64"}, ...). */
public enum DType {
  FLOAT32("float32", true),
  FLOAT64("float64", true),
  INT32("int32", false),
  INT64("int64", false),
  UINT8("uint8", false),
  /**
   * Signed bytes: the kernels of int8-quantized layers ({@code model.quantize("int8")}). A
   * {@code ByteNdArray} holds them in Java; {@link #of(NdArray)} reads such an array as uint8.
   */
  INT8("int8", false),
  BOOL("bool", false),
  /** Byte strings, as in serialized {@code tf.Example} inputs of imported SavedModels. */
  STRING("string", false);

  private final String kerasName;
  private final boolean floating;

  DType(String kerasName, boolean floating) {
    this.kerasName = kerasName;
    this.floating = floating;
  }

  /** The dtype Keras calls {@code name}; an unknown name fails, listing the valid ones. */
  public static DType of(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    if (wanted.equals("float")) {
      return FLOAT32;
    }
    for (DType type : values()) {
      if (type.kerasName.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "Unknown dtype '" + name + "'. Valid dtypes: "
            + Arrays.stream(values()).map(DType::kerasName).collect(Collectors.joining(", ")));
  }

  /**
   * The dtype of an array's elements; a {@code ByteNdArray} is read as uint8, as TensorFlow Java's
   * {@code TUint8} and Keras's image datasets are.
   */
  public static DType of(NdArray<?> array) {
    if (array instanceof FloatNdArray) {
      return FLOAT32;
    } else if (array instanceof DoubleNdArray) {
      return FLOAT64;
    } else if (array instanceof IntNdArray) {
      return INT32;
    } else if (array instanceof LongNdArray) {
      return INT64;
    } else if (array instanceof ByteNdArray) {
      return UINT8;
    } else if (array instanceof BooleanNdArray) {
      return BOOL;
    } else if (array.size() > 0 && isByteString(array.getObject(new long[array.rank()]))) {
      return STRING;
    }
    throw new IllegalArgumentException("Unsupported array type " + array.getClass().getSimpleName()
        + "; use FloatNdArray, DoubleNdArray, IntNdArray, LongNdArray, ByteNdArray or BooleanNdArray");
  }

  /** Strings are UTF-8 text ({@code String}) or raw bytes ({@code byte[]}, e.g. serialized protos). */
  private static boolean isByteString(Object element) {
    return element instanceof String || element instanceof byte[];
  }

  /** The Keras name, e.g. {@code "float32"}. */
  public String kerasName() {
    return kerasName;
  }

  public boolean isFloating() {
    return floating;
  }

  @Override
  public String toString() {
    return kerasName;
  }
}
