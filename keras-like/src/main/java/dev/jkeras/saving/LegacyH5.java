package dev.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Keras's legacy HDF5 format, as {@code keras/src/legacy/saving/legacy_h5_format.py} reads it: a
 * full model ({@code model.save("x.h5")} in Keras 2 or 3: root attributes {@code model_config} and
 * {@code training_config}, groups {@code model_weights} and {@code optimizer_weights}) or a weights
 * file ({@code save_weights("x.h5")}: the {@code model_weights} layout at the root). Each layer's
 * group lists its datasets in a {@code weight_names} attribute, in Keras's legacy order (trainable
 * weights first). The whole file is read into memory (at most {@link KerasArchive#MAX_BYTES}), and
 * every dataset is checked against the file and the model's byte budget before it is read.
 */
public final class LegacyH5 implements AutoCloseable {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** One layer's saved weights: the group's name and its values in {@code weight_names} order. */
  public record LayerWeights(String name, List<NdArray<?>> values) {}

  /** What a legacy file holds for a model: its layers with weights, top-level weights, optimizer state. */
  public record Weights(List<LayerWeights> layers, List<NdArray<?>> topLevel, List<NdArray<?>> optimizer) {}

  private final String source;
  private final long fileBytes;
  private final HdfFile h5;

  private LegacyH5(String source, long fileBytes, HdfFile h5) {
    this.source = source;
    this.fileBytes = fileBytes;
    this.h5 = h5;
  }

  /** True when {@code file} starts with HDF5's signature (where a {@code .keras} file has a zip's). */
  public static boolean isHdf5(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SIGNATURE.length);
      return java.util.Arrays.equals(head, SIGNATURE);
    } catch (IOException e) {
      return false;
    }
  }

  /** Opens a legacy HDF5 file, refusing one larger than {@link KerasArchive#MAX_BYTES} or corrupt. */
  public static LegacyH5 open(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > KerasArchive.MAX_BYTES) {
        throw new IllegalArgumentException(file + " is " + size + " bytes, more than the " + KerasArchive.MAX_BYTES
            + " bytes a legacy HDF5 model file is read up to; it is not read");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read " + file + ": " + e.getMessage(), e);
    }
    HdfFile h5 = WeightsFile.open(bytes, source);
    try {
      WeightsFile.checkLength(h5, source, bytes.length);
    } catch (RuntimeException e) {
      h5.close();
      throw e;
    }
    return new LegacyH5(source, bytes.length, h5);
  }

  /** The file's size in bytes. */
  public long size() {
    return fileBytes;
  }

  /** True when the file holds a whole model ({@code model_config}), not only weights. */
  public boolean hasModelConfig() {
    return guarded(() -> stringAttribute(h5, "model_config") != null);
  }

  /** True when the file has Keras's legacy weights layout ({@code layer_names}, at the root or in {@code model_weights}). */
  public boolean hasLegacyWeights() {
    return guarded(() -> weightsGroup() != null);
  }

  /** The Keras version that wrote the file ({@code keras_version}), or null. */
  public String kerasVersion() {
    return guarded(this::readKerasVersion);
  }

  private String readKerasVersion() {
    String version = stringAttribute(h5, "keras_version");
    Group weights = weightsGroup();
    return version != null || weights == null ? version : stringAttribute(weights, "keras_version");
  }

  /** The model's config as Keras 3 reads it, after Keras's legacy rules (see {@link LegacyConfigs}). */
  public Map<String, Object> modelConfig() {
    String json = guarded(() -> stringAttribute(h5, "model_config"));
    if (json == null) {
      throw new IllegalArgumentException("No model config found in the file at " + source + " (it has no "
          + "'model_config' attribute: a weights file? load it with model.loadWeights)");
    }
    return LegacyConfigs.model(Json.parse(json, source + " model_config"));
  }

  /** The compile options as Keras 3's {@code compile_config}, or null when the file has no {@code training_config}. */
  public Map<String, Object> compileConfig() {
    String json = guarded(() -> stringAttribute(h5, "training_config"));
    return json == null ? null : LegacyConfigs.compile(Json.parse(json, source + " training_config"));
  }

  /** The saved weights, reading at most {@code maxBytes} of datasets. */
  public Weights weights(long maxBytes) {
    Group group = guarded(this::weightsGroup);
    if (group == null) {
      throw new IllegalArgumentException(source + " is not a Keras HDF5 weights file: it has no 'layer_names' "
          + "attribute at its root or in a 'model_weights' group");
    }
    try {
      WeightsFile.Reader reader = new WeightsFile.Reader(source, fileBytes, maxBytes);
      List<LayerWeights> layers = new ArrayList<>();
      for (String name : strings(group, "layer_names")) {
        Group layer = childGroup(group, name);
        List<NdArray<?>> values = values(reader, layer, name);
        if (!values.isEmpty()) {
          layers.add(new LayerWeights(name, values));
        }
      }
      Node top = group.getChild("top_level_model_weights");
      List<NdArray<?>> topLevel = top instanceof Group g ? values(reader, g, g.getName()) : List.of();
      Node optimizerNode = h5.getChild("optimizer_weights");
      List<NdArray<?>> optimizer = optimizerNode instanceof Group g ? values(reader, g, "optimizer_weights")
          : List.of();
      return new Weights(layers, topLevel, optimizer);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException("The weights in " + source + " are corrupt or not in Keras's legacy HDF5 "
          + "layout (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  private List<NdArray<?>> values(WeightsFile.Reader reader, Group group, String path) {
    List<NdArray<?>> values = new ArrayList<>();
    for (String weightName : strings(group, "weight_names")) {
      Node node = group.getByPath(weightName);
      if (!(node instanceof Dataset dataset)) {
        throw new IllegalArgumentException("The weights in " + source + " are corrupt: layer group '" + path
            + "' lists weight '" + weightName + "', which it does not hold as a dataset");
      }
      values.add(reader.value(dataset, path + "/" + weightName));
    }
    return values;
  }

  private Group weightsGroup() {
    if (h5.getAttribute("layer_names") != null || hasChunked(h5, "layer_names")) {
      return h5;
    }
    Node node = h5.getChild("model_weights");
    return node instanceof Group g && (g.getAttribute("layer_names") != null || hasChunked(g, "layer_names")) ? g : null;
  }

  private Group childGroup(Group parent, String name) {
    Node node = parent.getChild(name);
    if (!(node instanceof Group group)) {
      throw new IllegalArgumentException("The weights in " + source + " are corrupt: 'layer_names' lists '" + name
          + "', which has no group in the file");
    }
    return group;
  }

  private static boolean hasChunked(Node node, String name) {
    return node.getAttribute(name + "0") != null;
  }

  /** A list attribute, joined from {@code name0}, {@code name1}, ... when Keras split it (HDF5's header limit). */
  private List<String> strings(Node node, String name) {
    List<String> result = new ArrayList<>();
    Attribute whole = node.getAttribute(name);
    if (whole != null) {
      addStrings(whole, node, name, result);
      return result;
    }
    for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
      addStrings(node.getAttribute(name + chunk), node, name, result);
    }
    return result;
  }

  private void addStrings(Attribute attribute, Node node, String name, List<String> into) {
    Object data = attribute.getData();
    if (data instanceof String s) {
      into.add(s);
    } else if (data != null && data.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(data); i++) {
        Object item = Array.get(data, i);
        if (!(item instanceof String s)) {
          throw new IllegalArgumentException("The weights in " + source + " are corrupt: attribute '" + name + "' of '"
              + node.getPath() + "' should hold names, but holds " + item);
        }
        into.add(s);
      }
    } else if (data != null) {
      throw new IllegalArgumentException("The weights in " + source + " are corrupt: attribute '" + name + "' of '"
          + node.getPath() + "' should hold names, but holds " + data);
    }
  }

  /** Reads with jHDF, whose errors on a damaged file become the refusal of a corrupt file. */
  private <T> T guarded(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException(source + " is corrupt or not in Keras's legacy HDF5 layout ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  private static String stringAttribute(Node node, String name) {
    Attribute attribute = node.getAttribute(name);
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    return data instanceof String s ? s : null;
  }

  @Override
  public void close() {
    h5.close();
  }
}
