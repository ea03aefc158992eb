package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** Conversions between jkeras values (DType, Shape, NdArray) and TensorFlow's. */
public final class Tensors {
  private Tensors() {}

  /** TensorFlow Java's type class for {@code dtype}. */
  public static Class<? extends TType> typeOf(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> TFloat32.class;
      case FLOAT64 -> TFloat64.class;
      case INT32 -> TInt32.class;
      case INT64 -> TInt64.class;
      case UINT8 -> TUint8.class;
      case BOOL -> TBool.class;
      case STRING -> TString.class;
      case INT8 -> throw new IllegalArgumentException("TensorFlow Java 1.1.0 has no int8 type class: int8 tensors "
          + "live only inside graphs (see Int8Operands); cast them to int32 or float32 first");
    };
  }

  /** The jkeras dtype of a native tensor. */
  public static DType dtypeOf(Tensor tensor) {
    return dtypeOf(((TType) tensor).type());
  }

  /** The jkeras dtype of TensorFlow Java's type class. */
  public static DType dtypeOf(Class<? extends TType> type) {
    for (DType dtype : DType.values()) {
      if (dtype != DType.INT8 && typeOf(dtype) == type) {
        return dtype;
      }
    }
    throw new IllegalArgumentException("TensorFlow type " + type.getSimpleName() + " is not supported by jkeras");
  }

  /** {@code shape} as TensorFlow's, with unknown dimensions as -1. */
  public static org.tensorflow.ndarray.Shape toTf(Shape shape) {
    return org.tensorflow.ndarray.Shape.of(shape.asArray());
  }

  /** TensorFlow's {@code shape} as jkeras's. */
  public static Shape fromTf(org.tensorflow.ndarray.Shape shape) {
    if (shape.isUnknown()) {
      throw new IllegalStateException("A tensor of unknown rank reached jkeras");
    }
    return Shape.of(shape.asArray());
  }

  static Shape staticShape(Operand<?> operand) {
    return fromTf(operand.shape());
  }

  /** A new native tensor holding a copy of {@code array}; the caller closes it. */
  @SuppressWarnings("unchecked")
  public static Tensor toTensor(NdArray<?> array) {
    if (DType.of(array) == DType.STRING) {
      return array.getObject(new long[array.rank()]) instanceof byte[]
          ? TString.tensorOfBytes((NdArray<byte[]>) array)
          : TString.tensorOf((NdArray<String>) array);
    }
    Tensor tensor = allocate(DType.of(array), array.shape());
    copyInto(array, tensor);
    return tensor;
  }

  /** A new, uninitialized native tensor; the caller closes it. */
  static Tensor allocate(DType dtype, org.tensorflow.ndarray.Shape shape) {
    return Tensor.of(typeOf(dtype), shape);
  }

  /** Copies {@code array} into {@code tensor}, which has its dtype and shape. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void copyInto(NdArray<?> array, Tensor tensor) {
    ((NdArray) array).copyTo((NdArray) tensor);
  }

  /** A Java-heap copy of a native tensor, which stays open. */
  public static NdArray<?> toNdArray(Tensor tensor) {
    org.tensorflow.ndarray.Shape shape = tensor.shape();
    if (tensor instanceof TFloat32 t) {
      FloatNdArray out = NdArrays.ofFloats(shape);
      t.copyTo(out);
      return out;
    } else if (tensor instanceof TFloat64 t) {
      DoubleNdArray out = NdArrays.ofDoubles(shape);
      t.copyTo(out);
      return out;
    } else if (tensor instanceof TInt32 t) {
      IntNdArray out = NdArrays.ofInts(shape);
      t.copyTo(out);
      return out;
    } else if (tensor instanceof TInt64 t) {
      LongNdArray out = NdArrays.ofLongs(shape);
      t.copyTo(out);
      return out;
    } else if (tensor instanceof TUint8 t) {
      ByteNdArray out = NdArrays.ofBytes(shape);
      t.copyTo(out);
      return out;
    } else if (tensor instanceof TString t) {
      NdArray<String> out = NdArrays.ofObjects(String.class, shape);
      t.copyTo(out);
      return out;
    } else if (tensor instanceof TBool t) {
      BooleanNdArray out = NdArrays.ofBooleans(shape);
      t.copyTo(out);
      return out;
    }
    throw new IllegalArgumentException("Unsupported tensor type " + tensor.dataType());
  }

  /** The jkeras dtype of a TensorFlow proto dtype, or null when jkeras has none for it. */
  public static DType dtypeOf(org.tensorflow.proto.DataType type) {
    return switch (type) {
      case DT_FLOAT -> DType.FLOAT32;
      case DT_DOUBLE -> DType.FLOAT64;
      case DT_INT32 -> DType.INT32;
      case DT_INT64 -> DType.INT64;
      case DT_UINT8 -> DType.UINT8;
      case DT_INT8 -> DType.INT8;
      case DT_BOOL -> DType.BOOL;
      case DT_STRING -> DType.STRING;
      default -> null;
    };
  }
}
