package dev.jkeras.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * NumPy's {@code .npy} files (format 1.0 to 3.0, little-endian, C order): how tests exchange arrays
 * with the Keras oracle. Element types float32, float64, int32, int64 and bool.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|>=]?)([a-z]\\d)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** The array in {@code file}. */
  public static NdArray<?> read(Path file) {
    ByteBuffer bytes;
    try {
      bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + file + ": " + e, e);
    }
    byte[] magic = new byte[MAGIC.length];
    bytes.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException(file + " is not a .npy file");
    }
    int major = bytes.get();
    bytes.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : bytes.getInt();
    byte[] headerBytes = new byte[headerLength];
    bytes.get(headerBytes);
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeText = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeText.find()) {
      throw new IllegalArgumentException(file + " has an unreadable .npy header: " + header);
    }
    if (descr.group(1).equals(">") || fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(file + ": only little-endian C-order arrays are supported: " + header);
    }
    long[] dims = Arrays.stream(shapeText.group(1).split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    Shape shape = dims.length == 0 ? Shape.scalar() : Shape.of(dims);
    int size = Math.toIntExact(shape.size());
    ByteBuffer data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    switch (descr.group(2)) {
      case "f4": {
        float[] values = new float[size];
        data.asFloatBuffer().get(values);
        return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
      }
      case "f8": {
        double[] values = new double[size];
        data.asDoubleBuffer().get(values);
        return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
      }
      case "i4": {
        int[] values = new int[size];
        data.asIntBuffer().get(values);
        return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
      }
      case "i8": {
        long[] values = new long[size];
        data.asLongBuffer().get(values);
        return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
      }
      case "b1": {
        boolean[] values = new boolean[size];
        for (int i = 0; i < size; i++) {
          values[i] = data.get(i) != 0;
        }
        return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
      }
      default:
        throw new IllegalArgumentException(file + ": unsupported element type " + descr.group(2));
    }
  }

  /** Writes {@code array} to {@code file} (format 1.0). */
  public static void write(Path file, NdArray<?> array) {
    long[] dims = array.shape().asArray();
    Object first = array.rank() == 0 ? array.getObject() : array.getObject(new long[array.rank()]);
    String descr;
    int width;
    if (first instanceof Float) {
      descr = "<f4";
      width = 4;
    } else if (first instanceof Double) {
      descr = "<f8";
      width = 8;
    } else if (first instanceof Integer) {
      descr = "<i4";
      width = 4;
    } else if (first instanceof Long) {
      descr = "<i8";
      width = 8;
    } else if (first instanceof Boolean) {
      descr = "|b1";
      width = 1;
    } else {
      throw new IllegalArgumentException("Cannot write arrays of " + first.getClass().getSimpleName());
    }
    StringBuilder shape = new StringBuilder();
    for (long d : dims) {
      shape.append(d).append(", ");
    }
    if (dims.length > 1) {
      shape.setLength(shape.length() - 1);
    }
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape.toString().trim()
        + "), }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length()
        + Math.toIntExact(array.shape().size()) * width).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.put(header.getBytes(StandardCharsets.ISO_8859_1));
    array.scalars().forEach(s -> {
      Object v = s.getObject();
      if (v instanceof Float f) {
        out.putFloat(f);
      } else if (v instanceof Double d) {
        out.putDouble(d);
      } else if (v instanceof Integer n) {
        out.putInt(n);
      } else if (v instanceof Long n) {
        out.putLong(n);
      } else {
        out.put((byte) (((Boolean) v) ? 1 : 0));
      }
    });
    try {
      Files.write(file, out.array());
    } catch (IOException e) {
      throw new IllegalStateException("Could not write " + file + ": " + e, e);
    }
  }
}
