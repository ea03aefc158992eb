package dev.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3's weights file ({@code model.weights.h5}): for each saved object a group
 * {@code <path>/vars} holding its variables as datasets {@code 0}, {@code 1}, ... in order, and
 * any values the object stores by name (Keras's {@code save_own_variables} writing
 * {@code store["idf_weights"]}) as datasets of that name beside them.
 */
public final class WeightsFile {
  private WeightsFile() {}

  /** Writes {@code variables} (object path to values, {@code ""} for the model itself) to {@code file}. */
  public static void write(Path file, Map<String, SavedObject> objects) {
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      for (Map.Entry<String, SavedObject> entry : objects.entrySet()) {
        List<NdArray<?>> values = entry.getValue().values();
        Map<String, NdArray<?>> named = entry.getValue().named();
        // Keras also writes an empty, name-tagged group for objects without variables; its loader
        // does not need them, and jHDF 0.9.4 writes unreadable files with empty groups beside others.
        if (values.isEmpty() && named.isEmpty()) {
          continue;
        }
        WritableGroup vars = group(h5, entry.getKey().isEmpty() ? "vars" : entry.getKey() + "/vars");
        vars.putAttribute("name", entry.getValue().name());
        for (int i = 0; i < values.size(); i++) {
          vars.putDataset(Integer.toString(i), toJava(values.get(i)));
        }
        named.forEach((name, value) -> vars.putDataset(name, toJava(value)));
      }
    } catch (HdfException e) {
      throw new IllegalStateException("Could not write the weights file " + file + ": " + e.getMessage(), e);
    }
  }

  private static WritableGroup group(WritableGroup root, String path) {
    WritableGroup current = root;
    for (String part : path.split("/")) {
      Node child = current.getChild(part);
      current = child instanceof WritableGroup existing ? existing : current.putGroup(part);
    }
    return current;
  }

  /** Room for an optimizer's slots (up to three per weight) and float64 storage, plus HDF5's own structures. */
  private static final long BYTES_PER_VALUE = 4 * Long.BYTES;
  private static final long STRUCTURE_BYTES = 16L << 20;
  private static final int MAX_DEPTH = 64;

  /**
   * The most bytes a weights file for {@code weights} may take: a file larger than that cannot be
   * one of these weights and is refused before it is read.
   */
  public static long maxBytes(List<? extends dev.jkeras.backend.Variable> weights) {
    long values = 0;
    for (var weight : weights) {
      values += weight.shape().size();
    }
    return values > (Long.MAX_VALUE - STRUCTURE_BYTES) / BYTES_PER_VALUE ? Long.MAX_VALUE
        : values * BYTES_PER_VALUE + STRUCTURE_BYTES;
  }

  /**
   * Reads a weights file of at most {@code maxBytes} (see {@link #maxBytes}). Files up to 2 GiB are
   * read into memory first, so jHDF never maps a file that changes while it reads; larger ones are
   * read in place, after the same checks that every dataset lies inside the file.
   */
  public static Map<String, SavedObject> read(Path file, long maxBytes) {
    long size;
    try {
      size = java.nio.file.Files.size(file);
      if (size > maxBytes) {
        throw new IllegalArgumentException(file + " is " + size + " bytes, more than the " + maxBytes + " bytes this "
            + "model's weights and optimizer state can take: it is not a weights file of this model, or it is "
            + "corrupt; it is not read");
      }
      if (size <= KerasArchive.MAX_BYTES) {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        try (HdfFile h5 = open(bytes, file.toString())) {
          return read(h5, file.toString(), bytes.length, maxBytes);
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Could not read the weights file " + file + ": " + e.getMessage(), e);
    }
    HdfFile h5;
    try {
      h5 = new HdfFile(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not a readable HDF5 file (corrupt or truncated): " + e, e);
    }
    try (h5) {
      return read(h5, file.toString(), size, maxBytes);
    }
  }

  /** An HDF5 file in memory; a file jHDF cannot even open is refused with the reason, as corrupt. */
  static HdfFile open(byte[] bytes, String source) {
    try {
      return HdfFile.fromBytes(bytes);
    } catch (RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException(source + " is not a readable HDF5 file (corrupt or truncated): "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }

  /**
   * Reads every {@code vars} group of {@code h5} (whose file is {@code fileBytes} long): object path
   * to its saved object (the values in index order and those stored by name). Datasets are checked before their data is read: their declared
   * size must fit what remains of {@code maxBytes} and, stored uncompressed, lie inside the file.
   */
  public static Map<String, SavedObject> read(HdfFile h5, String source, long fileBytes, long maxBytes) {
    Map<String, SavedObject> objects = new LinkedHashMap<>();
    try {
      checkLength(h5, source, fileBytes);
      new Reader(source, fileBytes, maxBytes).collect(h5, "", objects, 0);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException("The weights in " + source + " are corrupt or not in Keras's layout ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
    return objects;
  }

  /**
   * The file must end where its superblock says (its end-of-file address): shorter is truncated, as
   * the HDF5 library says too; longer means bytes were inserted or appended, which HDF5 writers
   * (h5py, jHDF) never leave, and which would shift data no checksum covers.
   */
  static void checkLength(HdfFile h5, String source, long fileBytes) {
    var superblock = h5.getHdfBackingStorage().getSuperblock();
    long end = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
    if (end != fileBytes) {
      throw new IllegalArgumentException("The weights in " + source + " are corrupt: the file has " + fileBytes
          + " bytes, but its HDF5 superblock says it ends at byte " + Long.toUnsignedString(end)
          + (fileBytes < end ? " (it is truncated)" : " (bytes were inserted or appended)"));
    }
  }

  /** One reading of a weights file, with what is left of its byte budget. */
  static final class Reader {
    private final String source;
    private final long fileBytes;
    private long remaining;
    private final java.util.Set<Long> visited = new java.util.HashSet<>();

    Reader(String source, long fileBytes, long maxBytes) {
      this.source = source;
      this.fileBytes = fileBytes;
      this.remaining = maxBytes;
    }

    void collect(Group group, String path, Map<String, SavedObject> objects, int depth) {
      if (depth > MAX_DEPTH || !visited.add(group.getAddress())) {
        throw new IllegalArgumentException("The weights in " + source + " are corrupt: groups nest deeper than "
            + MAX_DEPTH + " or in a cycle at '" + path + "'");
      }
      for (Node child : group) {
        String childPath = path.isEmpty() ? child.getName() : path + "/" + child.getName();
        if (!(child instanceof Group childGroup)) {
          continue;
        }
        if (child.getName().equals("vars")) {
          objects.put(path, object(childGroup, childPath));
        } else {
          collect(childGroup, childPath, objects, depth + 1);
        }
      }
    }

    /** The datasets {@code 0 .. n-1} of {@code vars} in order, and those with other names by name. */
    private SavedObject object(Group vars, String path) {
      Map<String, Node> children = vars.getChildren();
      long indexed = children.keySet().stream().filter(WeightsFile::isIndex).count();
      List<NdArray<?>> values = new ArrayList<>();
      for (int i = 0; i < indexed; i++) {
        Node node = children.get(Integer.toString(i));
        if (!(node instanceof Dataset dataset)) {
          throw new IllegalArgumentException("The weights in " + source + " are corrupt: " + path
              + " has no dataset " + i + " (it holds " + children.keySet() + ")");
        }
        values.add(value(dataset, path + "/" + i));
      }
      Map<String, NdArray<?>> named = new LinkedHashMap<>();
      for (Map.Entry<String, Node> child : children.entrySet()) {
        if (!isIndex(child.getKey())) {
          if (!(child.getValue() instanceof Dataset dataset)) {
            throw new IllegalArgumentException("The weights in " + source + " are corrupt: " + path + "/"
                + child.getKey() + " is a group, where a value stored by name is expected");
          }
          named.put(child.getKey(), value(dataset, path + "/" + child.getKey()));
        }
      }
      Object name = vars.getAttributes().containsKey("name") ? vars.getAttribute("name").getData() : null;
      return new SavedObject(name instanceof String s ? s : "", values, named);
    }

    /** The values of {@code dataset} (at {@code path}), once its declared size is known to fit. */
    NdArray<?> value(Dataset dataset, String path) {
      check(dataset, path);
      return toNdArray(dataset);
    }

    /** Refuses a dataset whose declared size cannot be right, before jHDF allocates or reads it. */
    private void check(Dataset dataset, String path) {
      long bytes = dataset.getDataType().getSize();
      for (int dim : dataset.getDimensions()) {
        if (dim < 0) {
          throw corrupt(path, "a negative dimension " + dim);
        }
        bytes = bytes == 0 ? 0 : dim > Long.MAX_VALUE / bytes ? Long.MAX_VALUE : bytes * dim;
      }
      if (bytes > remaining) {
        throw corrupt(path, "a declared size of " + bytes + " bytes, more than the " + remaining
            + " bytes the model's weights can still take");
      }
      remaining -= bytes;
      if (dataset.getFilters().isEmpty() && bytes > fileBytes) {
        throw corrupt(path, "a declared size of " + bytes + " bytes, more than the whole file (" + fileBytes
            + " bytes)");
      }
      if (dataset instanceof io.jhdf.api.dataset.ContiguousDataset contiguous && bytes > 0) {
        long address = contiguous.getDataAddress();
        if (address != UNDEFINED_ADDRESS && (address < 0 || address > fileBytes - bytes)) {
          throw corrupt(path, "its data at bytes " + Long.toUnsignedString(address) + " to "
              + Long.toUnsignedString(address + bytes) + ", past the end of the file (" + fileBytes + " bytes); "
              + "the file is truncated or damaged");
        }
      }
    }

    private IllegalArgumentException corrupt(String path, String what) {
      return new IllegalArgumentException("The weights in " + source + " are corrupt: dataset '" + path + "' has "
          + what);
    }
  }

  private static final long UNDEFINED_ADDRESS = -1L;

  // ------------------------------------------------------------------ arrays

  /** {@code value} as a Java array (or boxed scalar) jHDF can write. */
  static Object javaArray(NdArray<?> value) {
    return toJava(value);
  }

  private static Object toJava(NdArray<?> value) {
    int rank = value.rank();
    Object first = value.rank() == 0 ? value.getObject() : value.getObject(new long[rank]);
    if (value.shape().size() == 0 && rank > 0) {
      throw new IllegalArgumentException("Cannot save an empty weight of shape " + value.shape());
    }
    if (rank == 0) {
      return first;
    }
    Class<?> component = first instanceof Float ? float.class : first instanceof Double ? double.class
        : first instanceof Integer ? int.class : first instanceof Long ? long.class
        : first instanceof Boolean ? boolean.class : first instanceof Byte ? byte.class : null;
    if (component == null) {
      throw new IllegalArgumentException("Cannot save a weight of element type " + first.getClass().getSimpleName());
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = Math.toIntExact(value.shape().get(i));
    }
    Object array = Array.newInstance(component, dims);
    long[] index = new long[rank];
    fill(value, array, index, 0);
    return array;
  }

  private static void fill(NdArray<?> value, Object array, long[] index, int axis) {
    int length = Array.getLength(array);
    for (int i = 0; i < length; i++) {
      index[axis] = i;
      if (axis == index.length - 1) {
        Array.set(array, i, value.getObject(index));
      } else {
        fill(value, Array.get(array, i), index, axis + 1);
      }
    }
  }

  private static NdArray<?> toNdArray(Dataset dataset) {
    Object data = dataset.getData();
    if (dataset.isScalar()) {
      if (data instanceof Float f) {
        return NdArrays.scalarOf(f);
      }
      if (data instanceof Double d) {
        return NdArrays.scalarOf(d);
      }
      if (data instanceof Integer n) {
        return NdArrays.scalarOf(n);
      }
      if (data instanceof Long n) {
        return NdArrays.scalarOf(n);
      }
      throw new IllegalArgumentException("Unsupported weight type " + data.getClass().getSimpleName() + " in "
          + dataset.getPath());
    }
    Class<?> type = dataset.getJavaType();
    int[] dims = dataset.getDimensions();
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = dims[i];
    }
    Object flat = dataset.getDataFlat();
    org.tensorflow.ndarray.Shape ndShape = org.tensorflow.ndarray.Shape.of(shape);
    if (type == float.class) {
      return NdArrays.wrap(ndShape, DataBuffers.of((float[]) flat, false, false));
    }
    if (type == double.class) {
      return NdArrays.wrap(ndShape, DataBuffers.of((double[]) flat, false, false));
    }
    if (type == int.class) {
      return NdArrays.wrap(ndShape, DataBuffers.of((int[]) flat, false, false));
    }
    if (type == long.class) {
      return NdArrays.wrap(ndShape, DataBuffers.of((long[]) flat, false, false));
    }
    if (type == byte.class) {
      return NdArrays.wrap(ndShape, DataBuffers.of((byte[]) flat, false, false));
    }
    throw new IllegalArgumentException("Unsupported weight type " + type.getSimpleName() + " in " + dataset.getPath());
  }

  /** Whether {@code name} is a variable's index, as Keras numbers them: {@code 0}, {@code 1}, ... */
  private static boolean isIndex(String name) {
    return name.matches("0|[1-9][0-9]{0,8}");
  }

  /**
   * One saved object: its name (the group's {@code name} attribute), its variables' values in order,
   * and the values it stores by name.
   */
  public record SavedObject(String name, List<NdArray<?>> values, Map<String, NdArray<?>> named) {
    public SavedObject {
      values = List.copyOf(values);
      named = Map.copyOf(named);
    }

    /** An object with variables only. */
    public SavedObject(String name, List<NdArray<?>> values) {
      this(name, values, Map.of());
    }
  }
}
