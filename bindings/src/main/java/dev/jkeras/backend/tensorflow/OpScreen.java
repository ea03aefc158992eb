package dev.jkeras.backend.tensorflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * The safety screen of SavedModel import. A SavedModel is a program: before TensorFlow loads one,
 * this lists the ops of its graph and of every function in its library, and refuses ops that reach
 * files, the network or other processes outside the checkpoint machinery every SavedModel uses
 * ({@code SaveV2}, {@code RestoreV2}, {@code MergeV2Checkpoints}, {@code ShardedFilename} stay
 * allowed), and ops the runtime does not know, unless the caller allows them by name.
 *
 * <p>{@code Print} stays allowed: it writes to the process's own stderr. {@code PrintV2} is refused
 * only when its {@code output_stream} is a file ({@code file://...}).
 */
final class OpScreen {
  /** Ops that read or write files, memory-map them, or reach the network or other processes. */
  static final Set<String> REFUSED = Set.of(
      // Files
      "ReadFile", "WriteFile", "MatchingFiles", "FileSystemSetConfiguration", "ImmutableConst",
      "LoadAndRemapMatrix", "GenerateVocabRemapping", "InitializeTableFromTextFile",
      "InitializeTableFromTextFileV2", "CalibrationStatisticsSaver",
      // Checkpoint ops of the old format, which take any file name; SavedModels use the V2 ones
      "Save", "SaveSlices", "Restore", "RestoreSlice", "DTensorRestoreV2",
      // Readers and datasets over files or databases
      "WholeFileReader", "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "FixedLengthRecordReader",
      "FixedLengthRecordReaderV2", "TFRecordReader", "TFRecordReaderV2", "LMDBReader", "TFRecordDataset",
      "TFRecordDatasetV2", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2", "TextLineDataset",
      "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset", "ExperimentalLMDBDataset",
      "MatchingFilesDataset", "ExperimentalMatchingFilesDataset", "SqlDataset", "ExperimentalSqlDataset",
      "SaveDataset", "SaveDatasetV2", "LoadDataset", "DatasetToTFRecord", "ExperimentalDatasetToTFRecord",
      "CacheDataset", "CacheDatasetV2", "SnapshotDataset", "SnapshotDatasetV2", "SnapshotDatasetReader",
      "SnapshotNestedDatasetReader", "SnapshotChunkDataset", "ListSnapshotChunksDataset", "DistributedSave",
      // Summaries and debugging ops that write files or send to URLs
      "CreateSummaryFileWriter", "CreateSummaryDbWriter", "WriteSummary", "WriteScalarSummary",
      "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary", "WriteGraphSummary",
      "WriteRawProtoSummary", "ImportEvent", "FlushSummaryWriter", "CloseSummaryWriter", "DebugIdentity",
      "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2",
      // Network and other processes
      "RpcClient", "RpcServer", "RpcServerStart", "RpcServerRegister", "RpcCall", "RpcCheckStatus",
      "RpcGetValue", "DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3",
      "DataServiceDatasetV4", "RegisterDataset", "RegisterDatasetV2", "PyFunc", "PyFuncStateless",
      "EagerPyFunc");

  private OpScreen() {}

  private static final class Registered {
    static final Set<String> OPS = load();

    private static Set<String> load() {
      NativeLibrary.ensureLoaded();
      Set<String> names = new HashSet<>();
      for (OpDef op : TensorFlow.registeredOpList().getOpList()) {
        names.add(op.getName());
      }
      return Set.copyOf(names);
    }
  }

  /** Every op type in {@code graph} and its function library, with where it occurs, sorted by op type. */
  static Map<String, List<String>> inventory(GraphDef graph) {
    Map<String, List<String>> ops = new TreeMap<>();
    forEachNode(graph, (node, where) -> ops.computeIfAbsent(node.getOp(), op -> new ArrayList<>()).add(where));
    ops.replaceAll((op, where) -> List.copyOf(where));
    return ops;
  }

  /**
   * Fails when {@code graph} uses an op that is refused or unknown and not in {@code allowed}; the
   * message names each such op, why, and where it occurs.
   */
  static void check(GraphDef graph, Set<String> allowed, Path directory) {
    Set<String> functions = new HashSet<>();
    graph.getLibrary().getFunctionList().forEach(f -> functions.add(f.getSignature().getName()));
    Map<String, List<String>> refused = new TreeMap<>();
    forEachNode(graph, (node, where) -> {
      String reason = reason(node, functions);
      if (reason != null && !allowed.contains(node.getOp())) {
        refused.computeIfAbsent(node.getOp() + " (" + reason + ")", k -> new ArrayList<>()).add(where);
      }
    });
    if (refused.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("Refusing to load the SavedModel in " + directory
        + ": it uses ops that jkeras does not run unless you allow them:");
    refused.forEach((op, where) -> message.append("\n  ").append(op).append(" at ")
        .append(String.join(", ", where.subList(0, Math.min(5, where.size()))))
        .append(where.size() > 5 ? " and " + (where.size() - 5) + " more" : ""));
    List<String> names = refused.keySet().stream().map(k -> '"' + k.substring(0, k.indexOf(' ')) + '"').toList();
    message.append("\nIf you trust this model, load it with SavedModelOptions.defaults().allowOps(")
        .append(String.join(", ", names)).append(")");
    throw new IllegalArgumentException(message.toString());
  }

  /** Why {@code node} is refused, or null when it is not. */
  private static String reason(NodeDef node, Set<String> functions) {
    String op = node.getOp();
    if (REFUSED.contains(op)) {
      return "touches files, the network or other processes";
    }
    if (op.equals("PrintV2") && node.containsAttr("output_stream")
        && node.getAttrOrThrow("output_stream").getS().toStringUtf8().startsWith("file://")) {
      return "prints to a file";
    }
    if (!Registered.OPS.contains(op) && !functions.contains(op)) {
      return "unknown to TensorFlow " + TensorFlow.version();
    }
    return null;
  }

  private static void forEachNode(GraphDef graph, BiConsumer<NodeDef, String> action) {
    for (NodeDef node : graph.getNodeList()) {
      action.accept(node, "graph node '" + node.getName() + "'");
    }
    for (FunctionDef function : graph.getLibrary().getFunctionList()) {
      String name = function.getSignature().getName();
      for (NodeDef node : function.getNodeDefList()) {
        action.accept(node, "function '" + name + "' node '" + node.getName() + "'");
      }
    }
  }
}
