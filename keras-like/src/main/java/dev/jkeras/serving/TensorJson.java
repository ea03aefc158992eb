package dev.jkeras.serving;

import dev.jkeras.DType;
import dev.jkeras.backend.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Tensors to and from TF Serving's JSON: a predict request's {@code instances} (row format) or {@code
 * inputs} (columnar format) turned into arrays for a signature's inputs, and a signature's outputs
 * written as {@code predictions} or {@code outputs} in TF Serving's bytes. Errors carry TF Serving's
 * messages.
 */
final class TensorJson {
  private static final String BASE64_KEY = "b64";

  private TensorJson() {}

  /** TensorFlow's {@code DataTypeString} of a dtype: float, double, int32, ... */
  static String tfTypeName(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      default -> dtype.kerasName();
    };
  }

  /** The {@code DT_...} enum name of a dtype, as TF Serving's metadata shows it. */
  static String protoTypeName(DType dtype) {
    return "DT_" + tfTypeName(dtype).toUpperCase(java.util.Locale.ROOT);
  }

  static boolean isBase64Object(Object value) {
    return value instanceof Map<?, ?> map && map.size() == 1 && map.get(BASE64_KEY) instanceof String;
  }

  static byte[] decodeBase64(Object value) {
    if (!isBase64Object(value)) {
      throw ServingException.invalid("JSON Value: " + RapidJsonWriter.debugString(value)
          + " not formatted correctly for base64 data");
    }
    try {
      return Base64.getDecoder().decode((String) ((Map<?, ?>) value).get(BASE64_KEY));
    } catch (IllegalArgumentException e) {
      throw ServingException.invalid("Unable to base64 decode");
    }
  }

  // ------------------------------------------------------------------ requests

  /** The inputs of a row-format request ({@code instances}, a non-empty list) for a signature's inputs. */
  static Map<String, NdArray<?>> fromInstances(List<?> instances, Map<String, TensorSpec> specs) {
    Object first = instances.get(0);
    if (!(first instanceof Map) && specs.size() > 1) {
      throw ServingException.invalid("instances is a plain list, but expecting list of objects as multiple "
          + "input tensors required as per tensorinfo_map");
    }
    boolean objects = isElementObject(first);
    SortedMap<String, Values> values = new TreeMap<>();
    SortedMap<String, long[]> shapes = new TreeMap<>();
    int count = 0;
    for (Object element : instances) {
      if (objects) {
        if (!isElementObject(element)) {
          throw ServingException.invalid("Expecting object but got list at item " + count + " of input list");
        }
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) element).entrySet()) {
          String name = (String) entry.getKey();
          try {
            addInstanceItem(entry.getValue(), name, specs, values, shapes);
          } catch (ServingException e) {
            throw ServingException.invalid("Failed to process element: " + count + " key: " + name
                + " of 'instances' list. Error: " + e.statusString());
          }
        }
        if (!((Map<?, ?>) element).keySet().equals(specs.keySet())) {
          throw ServingException.invalid("Failed to process element: " + count + " of 'instances' list. JSON object: "
              + RapidJsonWriter.debugString(element) + " keys must be equal to: "
              + String.join(",", new TreeSet<>(specs.keySet())));
        }
      } else {
        if (isElementObject(element)) {
          throw ServingException.invalid("Expecting value/list but got object at item " + count + " of input list");
        }
        try {
          addInstanceItem(element, specs.keySet().iterator().next(), specs, values, shapes);
        } catch (ServingException e) {
          throw ServingException.invalid("Failed to process element: " + count + " of 'instances' list. Error: "
              + e.statusString());
        }
      }
      count++;
    }
    Map<String, NdArray<?>> inputs = new TreeMap<>();
    for (Map.Entry<String, Values> entry : values.entrySet()) {
      long[] item = shapes.get(entry.getKey());
      long[] shape = new long[item.length + 1];
      shape[0] = count;
      System.arraycopy(item, 0, shape, 1, item.length);
      inputs.put(entry.getKey(), entry.getValue().build(shape));
    }
    return inputs;
  }

  private static boolean isElementObject(Object value) {
    return value instanceof Map && !isBase64Object(value);
  }

  private static void addInstanceItem(Object item, String name, Map<String, TensorSpec> specs,
      Map<String, Values> values, Map<String, long[]> shapes) {
    TensorSpec spec = specs.get(name);
    if (spec == null) {
      throw ServingException.invalid("JSON object: does not have named input: " + name);
    }
    long[] shape = denseShape(item);
    Values own = Values.of(spec.dtype());
    fill(item, 0, shape, spec.dtype(), own);
    long[] expected = shapes.get(name);
    if (expected == null) {
      shapes.put(name, shape);
      values.put(name, own);
      return;
    }
    if (product(expected) != own.size()) {
      throw ServingException.invalid("Expecting tensor size: " + product(expected) + " but got: " + own.size());
    }
    if (!Arrays.equals(expected, shape)) {
      throw ServingException.invalid("Expecting shape " + shapeString(expected) + " but got: " + shapeString(shape));
    }
    values.get(name).addAll(own);
  }

  /** The inputs of a columnar request ({@code inputs}): one tensor, or an object of named tensors. */
  static Map<String, NdArray<?>> fromInputs(Object inputs, Map<String, TensorSpec> specs) {
    Map<String, NdArray<?>> tensors = new TreeMap<>();
    if (!(inputs instanceof Map) || isBase64Object(inputs)) {
      if (specs.size() > 1) {
        throw ServingException.invalid("inputs is a plain value/list, but expecting an object as multiple input "
            + "tensors required as per tensorinfo_map");
      }
      TensorSpec spec = specs.values().iterator().next();
      tensors.put(spec.name(), tensor(inputs, spec.dtype()));
      return tensors;
    }
    Map<?, ?> named = (Map<?, ?>) inputs;
    for (TensorSpec spec : new TreeMap<>(specs).values()) {
      if (!named.containsKey(spec.name())) {
        throw ServingException.invalid("Missing named input: " + spec.name() + " in 'inputs' object.");
      }
      tensors.put(spec.name(), tensor(named.get(spec.name()), spec.dtype()));
    }
    return tensors;
  }

  /** One tensor in JSON's nested-list notation. */
  static NdArray<?> tensor(Object json, DType dtype) {
    long[] shape = denseShape(json);
    Values values = Values.of(dtype);
    fill(json, 0, shape, dtype, values);
    return values.build(shape);
  }

  private static long[] denseShape(Object json) {
    List<Long> dims = new ArrayList<>();
    Object level = json;
    while (level instanceof List<?> list) {
      dims.add((long) list.size());
      level = list.isEmpty() ? null : list.get(0);
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static void fill(Object json, int level, long[] shape, DType dtype, Values values) {
    int rank = shape.length;
    if (!(json instanceof List<?> list)) {
      if (level != rank) {
        throw ServingException.invalid("JSON Value: " + RapidJsonWriter.debugString(json) + " found at incorrect level: "
            + (level + 1) + " in the JSON DOM. Expected at level: " + rank);
      }
      if (json instanceof Map && dtype != DType.STRING) {
        throw typeError(json, dtype);
      }
      values.add(json, dtype);
      return;
    }
    if (level >= rank) {
      throw ServingException.invalid("Encountered list at unexpected level: " + level + " expected < " + rank);
    }
    if (list.size() != shape[level]) {
      throw ServingException.invalid("Encountered list at unexpected size: " + list.size() + " at level: " + level
          + " expected size: " + shape[level]);
    }
    for (Object element : list) {
      fill(element, level + 1, shape, dtype, values);
    }
  }

  static ServingException typeError(Object json, DType dtype) {
    return ServingException.invalid("JSON Value: " + RapidJsonWriter.debugString(json) + " Type: "
        + Json.typeName(json) + " is not of expected type: " + tfTypeName(dtype));
  }

  static String shapeString(long[] shape) {
    return "[" + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(",")) + "]";
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The flat values of one tensor being read, checked against its dtype as TF Serving checks them. */
  private static final class Values {
    private final DType dtype;
    private final List<Object> items = new ArrayList<>();

    private Values(DType dtype) {
      this.dtype = dtype;
    }

    static Values of(DType dtype) {
      return new Values(dtype);
    }

    int size() {
      return items.size();
    }

    void addAll(Values other) {
      items.addAll(other.items);
    }

    void add(Object json, DType type) {
      Json.Number number = json instanceof Json.Number n ? n : null;
      Object value = switch (type) {
        case FLOAT32 -> {
          if (number == null) throw typeError(json, type);
          yield (float) number.value();
        }
        case FLOAT64 -> {
          if (number == null) throw typeError(json, type);
          yield number.value();
        }
        case INT32, UINT8, INT8 -> {
          if (number == null || !number.isInt()) throw typeError(json, type);
          yield (int) number.asLong();
        }
        case INT64 -> {
          if (number == null || !number.isInt64()) throw typeError(json, type);
          yield number.asLong();
        }
        case BOOL -> {
          if (!(json instanceof Boolean)) throw typeError(json, type);
          yield json;
        }
        case STRING -> {
          if (json instanceof Map) yield decodeBase64(json);
          if (!(json instanceof String s)) throw typeError(json, type);
          yield s.getBytes(StandardCharsets.UTF_8);
        }
      };
      items.add(value);
    }

    NdArray<?> build(long[] dims) {
      Shape shape = Shape.of(dims);
      int n = items.size();
      switch (dtype) {
        case FLOAT32 -> {
          float[] a = new float[n];
          for (int i = 0; i < n; i++) a[i] = (Float) items.get(i);
          return NdArrays.wrap(shape, DataBuffers.of(a, false, false));
        }
        case FLOAT64 -> {
          double[] a = new double[n];
          for (int i = 0; i < n; i++) a[i] = (Double) items.get(i);
          return NdArrays.wrap(shape, DataBuffers.of(a, false, false));
        }
        case INT32 -> {
          int[] a = new int[n];
          for (int i = 0; i < n; i++) a[i] = (Integer) items.get(i);
          return NdArrays.wrap(shape, DataBuffers.of(a, false, false));
        }
        case UINT8, INT8 -> {
          byte[] a = new byte[n];
          for (int i = 0; i < n; i++) a[i] = (byte) (int) (Integer) items.get(i);
          return NdArrays.wrap(shape, DataBuffers.of(a, false, false));
        }
        case INT64 -> {
          long[] a = new long[n];
          for (int i = 0; i < n; i++) a[i] = (Long) items.get(i);
          return NdArrays.wrap(shape, DataBuffers.of(a, false, false));
        }
        case BOOL -> {
          boolean[] a = new boolean[n];
          for (int i = 0; i < n; i++) a[i] = (Boolean) items.get(i);
          return NdArrays.wrap(shape, DataBuffers.of(a, false, false));
        }
        default -> {
          byte[][] a = items.toArray(new byte[0][]);
          return NdArrays.wrap(shape, DataBuffers.ofObjects(a));
        }
      }
    }
  }

  // ------------------------------------------------------------------ responses

  /** The flat elements of an output, each written as TF Serving writes its dtype. */
  private record Flat(String name, long[] shape, Object data, boolean asBytes) {
    static Flat of(String name, NdArray<?> array) {
      long[] shape = array.shape().asArray();
      int n = (int) array.size();
      Object data;
      boolean strings = false;
      if (array instanceof FloatNdArray f) {
        float[] a = new float[n];
        f.copyTo(DataBuffers.of(a, false, false));
        data = a;
      } else if (array instanceof DoubleNdArray d) {
        double[] a = new double[n];
        d.copyTo(DataBuffers.of(a, false, false));
        data = a;
      } else if (array instanceof IntNdArray i) {
        int[] a = new int[n];
        i.copyTo(DataBuffers.of(a, false, false));
        data = a;
      } else if (array instanceof LongNdArray l) {
        long[] a = new long[n];
        l.copyTo(DataBuffers.of(a, false, false));
        data = a;
      } else if (array instanceof ByteNdArray b) {
        byte[] a = new byte[n];
        b.copyTo(DataBuffers.of(a, false, false));
        data = a;
      } else if (array instanceof BooleanNdArray b) {
        boolean[] a = new boolean[n];
        b.copyTo(DataBuffers.of(a, false, false));
        data = a;
      } else {
        List<byte[]> a = new ArrayList<>(n);
        array.scalars().forEach(s -> {
          Object v = s.getObject();
          a.add(v instanceof byte[] bytes ? bytes : String.valueOf(v).getBytes(StandardCharsets.UTF_8));
        });
        data = a;
        strings = true;
      }
      return new Flat(name, shape, data, strings && name.endsWith("_bytes"));
    }

    void write(RapidJsonWriter writer, int i) {
      if (data instanceof float[] a) {
        writer.raw(RapidJsonWriter.decimal(a[i]));
      } else if (data instanceof double[] a) {
        writer.raw(RapidJsonWriter.decimal(a[i]));
      } else if (data instanceof int[] a) {
        writer.raw(Integer.toString(a[i]));
      } else if (data instanceof long[] a) {
        writer.raw(Long.toString(a[i]));
      } else if (data instanceof byte[] a) {
        writer.raw(Integer.toString(a[i] & 0xff));
      } else if (data instanceof boolean[] a) {
        writer.bool(a[i]);
      } else {
        byte[] bytes = ((List<?>) data).get(i) instanceof byte[] b ? b : new byte[0];
        if (asBytes) {
          writer.startObject().key(BASE64_KEY).string(Base64.getEncoder().encodeToString(bytes)).endObject();
        } else {
          writer.string(new String(bytes, StandardCharsets.UTF_8));
        }
      }
    }
  }

  private static int writeValues(Flat tensor, int dim, RapidJsonWriter writer, int offset) {
    if (dim > tensor.shape.length - 1) {
      tensor.write(writer, offset);
      return offset + 1;
    }
    writer.startArray();
    for (long i = 0; i < tensor.shape[dim]; i++) {
      offset = writeValues(tensor, dim + 1, writer, offset);
    }
    writer.endArray();
    return offset;
  }

  /** A row-format response: {@code {"predictions": [...]}}, one element a batch item. */
  static String predictions(Map<String, NdArray<?>> outputs) {
    if (outputs.isEmpty()) {
      throw ServingException.invalid("Cannot convert empty tensor map to JSON");
    }
    List<Flat> tensors = new ArrayList<>();
    long batch = -1;
    for (Map.Entry<String, NdArray<?>> entry : new TreeMap<>(outputs).entrySet()) {
      Flat tensor = Flat.of(entry.getKey(), entry.getValue());
      if (tensor.shape.length == 0) {
        throw ServingException.invalid("Tensor name: " + tensor.name + " has no shape information ");
      }
      if (batch >= 0 && batch != tensor.shape[0]) {
        throw ServingException.invalid("Tensor name: " + tensor.name + " has inconsistent batch size: "
            + tensor.shape[0] + " expecting: " + batch);
      }
      batch = tensor.shape[0];
      tensors.add(tensor);
    }
    RapidJsonWriter writer = new RapidJsonWriter().startObject().key("predictions").startArray();
    boolean objects = tensors.size() > 1;
    int[] offsets = new int[tensors.size()];
    for (long item = 0; item < batch; item++) {
      if (objects) {
        writer.startObject();
      }
      writer.singleLineArrays(true);
      for (int t = 0; t < tensors.size(); t++) {
        if (objects) {
          writer.key(tensors.get(t).name);
        }
        offsets[t] = writeValues(tensors.get(t), 1, writer, offsets[t]);
      }
      writer.singleLineArrays(false);
      if (objects) {
        writer.endObject();
      }
    }
    return writer.endArray().endObject().toString();
  }

  /** A columnar response: {@code {"outputs": ...}}, the one output or an object of all. */
  static String outputs(Map<String, NdArray<?>> outputs) {
    if (outputs.isEmpty()) {
      throw ServingException.invalid("Cannot convert empty tensor map to JSON");
    }
    RapidJsonWriter writer = new RapidJsonWriter().startObject().key("outputs");
    boolean objects = outputs.size() > 1;
    if (objects) {
      writer.startObject();
    }
    for (Map.Entry<String, NdArray<?>> entry : new TreeMap<>(outputs).entrySet()) {
      if (objects) {
        writer.key(entry.getKey());
      }
      writeValues(Flat.of(entry.getKey(), entry.getValue()), 0, writer, 0);
    }
    if (objects) {
      writer.endObject();
    }
    return writer.endObject().toString();
  }
}
