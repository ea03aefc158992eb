package dev.jkeras.utils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * NumPy's {@code str} and {@code repr} of an array with the default print options: 75 characters a
 * line, elements aligned, arrays of more than 1000 elements summarized to their first and last three
 * items on each axis with {@code ...}.
 */
final class NumpyPrinter {
  private static final int LINE_WIDTH = 75;
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;

  /** NumPy's name of the element type, and whether {@code repr} leaves it implied. */
  private enum DType {
    FLOAT32("float32", false), FLOAT64("float64", true), INT32("int32", false), INT64("int64", true),
    UINT8("uint8", false), BOOL("bool", true);

    final String name;
    final boolean implied;

    DType(String name, boolean implied) {
      this.name = name;
      this.implied = implied;
    }
  }

  private final NdArray<?> array;
  private final DType dtype;
  private final long[] shape;
  private final long size;
  private final boolean summarize;
  private Function<Object, String> formatter;

  NumpyPrinter(NdArray<?> array) {
    this.array = array;
    this.dtype = dtypeOf(array);
    this.shape = array.shape().asArray();
    this.size = array.shape().size();
    this.summarize = size > THRESHOLD;
  }

  private static DType dtypeOf(NdArray<?> array) {
    if (array instanceof FloatNdArray) {
      return DType.FLOAT32;
    } else if (array instanceof DoubleNdArray) {
      return DType.FLOAT64;
    } else if (array instanceof IntNdArray) {
      return DType.INT32;
    } else if (array instanceof LongNdArray) {
      return DType.INT64;
    } else if (array instanceof ByteNdArray) {
      return DType.UINT8;
    } else if (array instanceof BooleanNdArray) {
      return DType.BOOL;
    }
    throw new IllegalArgumentException("Cannot print an array of " + array.getClass().getSimpleName()
        + "; expected a float, double, int, long, byte (uint8) or boolean NdArray");
  }

  /** As {@code str(a)} / {@code print(a)}. */
  String str() {
    if (shape.length == 0) {
      return scalarStr(element(new long[0]));
    }
    if (size == 0) {
      return "[]";
    }
    return format(LINE_WIDTH, " ", "");
  }

  /** As {@code repr(a)}: {@code array([...], dtype=float32)}. */
  String repr() {
    boolean skipDtype = dtype.implied && size > 0;
    String suffix = skipDtype ? ")" : ",";
    String body;
    if (size > 0) {
      body = format(LINE_WIDTH - suffix.length(), ", ", "array(");
    } else if (shape.length == 1) {
      body = "[]";
    } else {
      body = "[], shape=(" + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))
          + (shape.length == 1 ? ",)" : ")");
    }
    String text = "array(" + body + suffix;
    if (skipDtype) {
      return text;
    }
    String dtypeText = "dtype=" + dtype.name + ")";
    int lastLine = text.length() - (text.lastIndexOf('\n') + 1);
    String spacer = lastLine + dtypeText.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat("array(".length()) : " ";
    return text + spacer + dtypeText;
  }

  private String format(int lineWidth, String separator, String prefix) {
    formatter = formatterFor(shownElements());
    String hangingIndent = " " + " ".repeat(prefix.length());
    return recurse(new long[0], hangingIndent, lineWidth, separator);
  }

  /** The indices shown along {@code axis}: all, or the first and last three when summarizing. */
  private List<Long> shownIndices(int axis) {
    List<Long> indices = new ArrayList<>();
    long length = shape[axis];
    if (summarize && length > 2L * EDGE_ITEMS) {
      for (long i = 0; i < EDGE_ITEMS; i++) {
        indices.add(i);
      }
      for (long i = length - EDGE_ITEMS; i < length; i++) {
        indices.add(i);
      }
    } else {
      for (long i = 0; i < length; i++) {
        indices.add(i);
      }
    }
    return indices;
  }

  private List<Object> shownElements() {
    List<Object> elements = new ArrayList<>();
    collect(new long[0], elements);
    return elements;
  }

  private void collect(long[] index, List<Object> elements) {
    if (index.length == shape.length) {
      elements.add(element(index));
      return;
    }
    for (long i : shownIndices(index.length)) {
      collect(append(index, i), elements);
    }
  }

  private static long[] append(long[] index, long i) {
    long[] next = Arrays.copyOf(index, index.length + 1);
    next[index.length] = i;
    return next;
  }

  private Object element(long[] index) {
    Object value = array.getObject(index);
    return dtype == DType.UINT8 ? (Object) Byte.toUnsignedInt((Byte) value) : value;
  }

  private Function<Object, String> formatterFor(List<Object> elements) {
    switch (dtype) {
      case FLOAT32:
      case FLOAT64: {
        NumpyFloatFormat floats = new NumpyFloatFormat(
            elements.stream().map(e -> ((Number) e).doubleValue()).toList(), dtype == DType.FLOAT32);
        return e -> floats.format(((Number) e).doubleValue());
      }
      case BOOL: {
        String trueText = shape.length == 0 ? "True" : " True";
        return e -> (Boolean) e ? trueText : "False";
      }
      default: {
        int width = elements.stream().mapToInt(e -> e.toString().length()).max().orElse(0);
        return e -> " ".repeat(width - e.toString().length()) + e;
      }
    }
  }

  /** NumPy's {@code _formatArray}: nested brackets, wrapped rows, {@code ...} where summarized. */
  private String recurse(long[] index, String hangingIndent, int width, String separator) {
    int axesLeft = shape.length - index.length;
    if (axesLeft == 0) {
      return formatter.apply(element(index));
    }
    String nextIndent = hangingIndent + " ";
    int nextWidth = width - 1;
    List<Long> shown = shownIndices(index.length);
    boolean summary = shown.size() < shape[index.length];
    StringBuilder s = new StringBuilder();
    if (axesLeft == 1) {
      int elementWidth = width - Math.max(separator.stripTrailing().length(), 1);
      StringBuilder line = new StringBuilder(hangingIndent);
      for (int k = 0; k < shown.size(); k++) {
        if (summary && k == EDGE_ITEMS) {
          extend(s, line, "...", elementWidth, hangingIndent);
          line.append(separator);
        }
        extend(s, line, recurse(append(index, shown.get(k)), nextIndent, nextWidth, separator), elementWidth,
            hangingIndent);
        if (k < shown.size() - 1) {
          line.append(separator);
        }
      }
      s.append(line);
    } else {
      String lineSeparator = separator.stripTrailing() + "\n".repeat(axesLeft - 1);
      for (int k = 0; k < shown.size(); k++) {
        if (summary && k == EDGE_ITEMS) {
          s.append(hangingIndent).append("...").append(lineSeparator);
        }
        s.append(hangingIndent).append(recurse(append(index, shown.get(k)), nextIndent, nextWidth, separator));
        if (k < shown.size() - 1) {
          s.append(lineSeparator);
        }
      }
    }
    return "[" + s.substring(hangingIndent.length()) + "]";
  }

  /** NumPy's {@code _extendLine}: wraps before {@code word} when it would pass the width and can help. */
  private static void extend(StringBuilder s, StringBuilder line, String word, int width, String indent) {
    boolean wrap = line.length() + word.length() > width && line.length() > indent.length();
    if (wrap) {
      s.append(line.toString().stripTrailing()).append('\n');
      line.setLength(0);
      line.append(indent);
    }
    line.append(word);
  }

  /** The str of a scalar, as NumPy's scalar types print it: {@code 1.5}, {@code 1e-05}, {@code True}. */
  private String scalarStr(Object value) {
    if (value instanceof Float f) {
      return PythonFloats.repr(f, true);
    } else if (value instanceof Double d) {
      return PythonFloats.repr(d, false);
    }
    return value instanceof Boolean b ? (b ? "True" : "False") : value.toString();
  }
}
