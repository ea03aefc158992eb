package dev.jkeras.backend.tensorflow.savedmodel;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariable;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableDataType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableNumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteCheckpointReader;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewCheckpointReader;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;

import com.google.common.hash.Hashing;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.internal.c_api.TF_CheckpointReader;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FingerprintDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A SavedModel directory read as data, before TensorFlow touches it: its {@code saved_model.pb}
 * parsed, the meta graph chosen by tags, and its variables files checked to be there.
 */
final class SavedModelFile {
  private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp", "_VarHandlesOp");
  private static final Pattern DATA_SHARD = Pattern.compile("variables\\.data-(\\d+)-of-(\\d+)");

  private final Path directory;
  private final SavedModel proto;

  private SavedModelFile(Path directory, SavedModel proto) {
    this.directory = directory;
    this.proto = proto;
  }

  /** Reads and parses {@code directory/saved_model.pb}; fails with a message naming the file. */
  static SavedModelFile read(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("No SavedModel at " + absolute
          + ": there is no such directory. Pass the directory that holds saved_model.pb and variables/");
    }
    Path file = absolute.resolve("saved_model.pb");
    if (!Files.isRegularFile(file)) {
      String hint = Files.isRegularFile(absolute.resolve("saved_model.pbtxt"))
          ? " (there is a saved_model.pbtxt: jkeras reads the binary saved_model.pb only)"
          : "; is this the directory tf.saved_model.save wrote?";
      throw new IllegalArgumentException("No SavedModel in " + absolute + ": expected a saved_model.pb there"
          + hint);
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      SavedModel proto = SavedModel.parseFrom(bytes);
      if (proto.getMetaGraphsCount() == 0) {
        throw new IllegalArgumentException(file + " holds no meta graph: the file is empty or truncated");
      }
      SavedModelFile savedModel = new SavedModelFile(absolute, proto);
      savedModel.checkChecksum(file, bytes);
      return savedModel;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(file + " is not a valid SavedModel (truncated or corrupt: "
          + e.getMessage() + "). Export the model again.", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read " + file + ": " + e.getMessage(), e);
    }
  }

  Path directory() {
    return directory;
  }

  /** The tag sets of the meta graphs, in file order. */
  List<Set<String>> tagSets() {
    List<Set<String>> sets = new ArrayList<>();
    proto.getMetaGraphsList().forEach(graph -> sets.add(Set.copyOf(graph.getMetaInfoDef().getTagsList())));
    return sets;
  }

  /** The meta graph tagged exactly {@code tags} (order ignored); fails listing the tag sets there are. */
  MetaGraphDef metaGraph(List<String> tags) {
    Set<String> wanted = Set.copyOf(tags);
    for (MetaGraphDef graph : proto.getMetaGraphsList()) {
      if (Set.copyOf(graph.getMetaInfoDef().getTagsList()).equals(wanted)) {
        return graph;
      }
    }
    List<List<String>> available = new ArrayList<>();
    proto.getMetaGraphsList().forEach(graph -> available.add(graph.getMetaInfoDef().getTagsList()));
    throw new IllegalArgumentException("The SavedModel in " + directory + " has no meta graph tagged " + tags
        + ". Its tag sets: " + available + "; load with one of them, e.g. SavedModels.load(dir, "
        + String.join(", ", available.get(0).stream().map(t -> '"' + t + '"').toList()) + ")");
  }

  /**
   * Checks that the variables files are there when {@code graph} has variables (TensorFlow's loader
   * silently skips restoring when {@code variables/variables.index} is missing), that the index
   * matches the {@code checkpoint_hash} of {@code fingerprint.pb} when there is one, and that the
   * tensors it lists need at most {@code memoryLimit} bytes together.
   */
  void checkVariables(MetaGraphDef graph, long memoryLimit) {
    boolean hasVariables = false;
    for (NodeDef node : graph.getGraphDef().getNodeList()) {
      hasVariables |= VARIABLE_OPS.contains(node.getOp());
    }
    if (!hasVariables) {
      return;
    }
    Path variables = directory.resolve("variables");
    Path index = variables.resolve("variables.index");
    if (!Files.isRegularFile(index)) {
      throw new IllegalArgumentException("The SavedModel in " + directory + " has variables but " + index
          + " is missing: copy the whole SavedModel directory, variables/ included");
    }
    Set<String> missing = new LinkedHashSet<>();
    int shards = -1;
    try (var files = Files.list(variables)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Matcher m = DATA_SHARD.matcher(file.getFileName().toString());
        if (m.matches()) {
          shards = Integer.parseInt(m.group(2));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not list " + variables + ": " + e.getMessage(), e);
    }
    if (shards < 0) {
      missing.add("variables.data-00000-of-00001");
    }
    for (int i = 0; i < shards; i++) {
      String name = String.format("variables.data-%05d-of-%05d", i, shards);
      if (!Files.isRegularFile(variables.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("The SavedModel in " + directory + " is missing variables files "
          + missing + " in " + variables + ": copy the whole SavedModel directory, variables/ included");
    }
    checkFingerprint(index);
    checkIndex(variables.resolve("variables"), memoryLimit);
  }

  /**
   * The {@code fingerprint.pb} TensorFlow 2.11+ writes beside {@code saved_model.pb}, or null when
   * there is none: FarmHash Fingerprint64 hashes of {@code saved_model.pb} and {@code variables.index}.
   */
  private FingerprintDef fingerprint() {
    Path file = directory.resolve("fingerprint.pb");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return FingerprintDef.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(file + " is not a valid SavedModel fingerprint (truncated or corrupt: "
          + e.getMessage() + "); copy the SavedModel again", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compares {@code saved_model.pb} with the {@code saved_model_checksum} of {@code fingerprint.pb}:
   * depending on its version, TensorFlow hashes the file's bytes or the proto serialized
   * deterministically, so either may match.
   */
  private void checkChecksum(Path file, byte[] bytes) {
    FingerprintDef fingerprint = fingerprint();
    if (fingerprint == null || fingerprint.getSavedModelChecksum() == 0
        || farmHash(bytes) == fingerprint.getSavedModelChecksum()
        || farmHash(deterministic(proto)) == fingerprint.getSavedModelChecksum()) {
      return;
    }
    throw new IllegalArgumentException("Could not load the SavedModel in " + directory + ": " + file
        + " does not match the saved_model_checksum in " + directory.resolve("fingerprint.pb")
        + " (the file is corrupt or was edited); copy the SavedModel again");
  }

  /** Compares {@code index} with the {@code checkpoint_hash} of {@code fingerprint.pb}, when there is one. */
  private void checkFingerprint(Path index) {
    FingerprintDef fingerprint = fingerprint();
    if (fingerprint == null || fingerprint.getCheckpointHash() == 0) {
      return;
    }
    try {
      if (farmHash(Files.readAllBytes(index)) != fingerprint.getCheckpointHash()) {
        throw new IllegalArgumentException("Could not load the SavedModel in " + directory + ": its variables index "
            + index + " does not match the checkpoint_hash in " + directory.resolve("fingerprint.pb")
            + " (the file is corrupt or was replaced); copy the SavedModel again");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read " + index + ": " + e.getMessage(), e);
    }
  }

  private static long farmHash(byte[] bytes) {
    return Hashing.farmHashFingerprint64().hashBytes(bytes).asLong();
  }

  private static byte[] deterministic(SavedModel proto) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(proto.getSerializedSize());
      com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      proto.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Opens the checkpoint's index with TensorFlow's reader, which parses it without running any graph,
   * and adds up the bytes of the tensors it lists (restoring allocates them).
   */
  private void checkIndex(Path prefix, long memoryLimit) {
    TF_Status status = TF_NewStatus();
    try {
      TF_CheckpointReader reader = TF_NewCheckpointReader(prefix.toString(), status);
      if (TF_GetCode(status) != TF_OK) {
        throw new IllegalArgumentException("Could not load the SavedModel in " + directory + ": its variables index "
            + prefix + ".index is unreadable (" + TF_Message(status).getString().lines().findFirst().orElse("")
            + "); copy the SavedModel again");
      }
      try {
        long total = 0;
        for (int i = 0; i < TF_CheckpointReaderSize(reader); i++) {
          String name = TF_CheckpointReaderGetVariable(reader, i).getString();
          int rank = TF_CheckpointReaderGetVariableNumDims(reader, name);
          long[] dims = new long[Math.max(rank, 0)];
          TF_CheckpointReaderGetVariableShape(reader, name, dims, dims.length, status);
          DataType dtype = DataType.forNumber(TF_CheckpointReaderGetVariableDataType(reader, name));
          long bytes = dtype == null ? 1 : Math.max(1, GraphLimits.itemSize(dtype));
          for (long dim : dims) {
            bytes = dim < 0 || (dim > 0 && bytes > Long.MAX_VALUE / dim) ? Long.MAX_VALUE : bytes * dim;
          }
          total = bytes == Long.MAX_VALUE || total > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : total + bytes;
          if (total > memoryLimit) {
            throw new IllegalArgumentException("Refusing to load the SavedModel in " + directory + ": its variables"
                + " index lists tensors of more than the memory limit of " + GraphLimits.Bytes.describe(memoryLimit)
                + " (reached at '" + name + "', shape " + java.util.Arrays.toString(dims) + "). If you trust this"
                + " model and have the memory, load it with SavedModelOptions.defaults().memoryLimit(bytes)");
          }
        }
      } finally {
        TF_DeleteCheckpointReader(reader);
      }
    } finally {
      TF_DeleteStatus(status);
    }
  }
}
