package dev.jkeras.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;

/**
 * Reads NumPy {@code .npy} arrays of unsigned bytes in C order, such as those in Keras's {@code
 * mnist.npz}.
 *
 * <p>The format: the magic string {@code \x93NUMPY}, a major and a minor version byte, the header's
 * length (little-endian uint16 in version 1, uint32 in versions 2 and 3), the header (a Python dict
 * literal such as {@code {'descr': '|u1', 'fortran_order': False, 'shape': (60000, 28, 28), }}),
 * then the raw elements.
 */
final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN_ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {}

  /**
   * Reads one array from {@code in}; {@code name} names it in errors.
   *
   * @throws IllegalStateException if it is not a C-order uint8 {@code .npy} array, or is truncated
   */
  static Uint8Array read(InputStream in, String name) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      String header = readHeader(data, name);
      Shape shape = parseHeader(header, name);
      long count = shape.size();
      if (count > Integer.MAX_VALUE - 8) {
        throw corrupt(name, "its shape " + shape + " has more than 2^31 elements");
      }
      byte[] elements = data.readNBytes((int) count);
      if (elements.length < count) {
        throw corrupt(name, "its header promises " + count + " elements for shape " + shape
            + " but it holds only " + elements.length + "; it is truncated");
      }
      return new Uint8Array(shape, elements);
    } catch (EOFException e) {
      throw corrupt(name, "it ends early (" + e.getMessage() + "); it is truncated");
    }
  }

  private static String readHeader(DataInputStream in, String name) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw corrupt(name, "it does not start with the .npy magic string \\x93NUMPY");
    }
    int major = in.readUnsignedByte();
    in.readUnsignedByte();
    long length;
    if (major == 1) {
      length = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
    } else if (major == 2 || major == 3) {
      length = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
    } else {
      throw corrupt(name, "it has .npy format version " + major + "; versions 1 to 3 are supported");
    }
    if (length > 1 << 20) {
      throw corrupt(name, "its header claims " + length + " bytes");
    }
    byte[] header = in.readNBytes((int) length);
    if (header.length < length) {
      throw new EOFException();
    }
    return new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }

  private static Shape parseHeader(String header, String name) {
    String descr = find(DESCR, header, "descr", name);
    if (!descr.matches("[|<>=]?u1")) {
      throw corrupt(name, "its dtype is '" + descr + "'; only uint8 ('|u1') is supported");
    }
    if (find(FORTRAN_ORDER, header, "fortran_order", name).equals("True")) {
      throw corrupt(name, "it is in Fortran order; only C order is supported");
    }
    String[] parts = find(SHAPE, header, "shape", name).split(",");
    long[] dims = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).mapToLong(p -> parseDim(p, name)).toArray();
    return Shape.of(dims);
  }

  private static long parseDim(String text, String name) {
    String digits = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
    try {
      long dim = Long.parseLong(digits);
      if (dim < 0) {
        throw corrupt(name, "its shape has a negative dimension " + text);
      }
      return dim;
    } catch (NumberFormatException e) {
      throw corrupt(name, "its shape has a dimension '" + text + "' that is not a number");
    }
  }

  private static String find(Pattern pattern, String header, String key, String name) {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw corrupt(name, "its header has no valid '" + key + "' entry: " + header.strip());
    }
    return m.group(1);
  }

  private static IllegalStateException corrupt(String name, String problem) {
    return new IllegalStateException("Cannot read NumPy array " + name + ": " + problem + ".");
  }
}
