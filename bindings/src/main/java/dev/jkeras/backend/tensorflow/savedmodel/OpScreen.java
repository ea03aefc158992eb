package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.tensorflow.NativeLibrary;
import dev.jkeras.backend.tensorflow.savedmodel.GraphReach.Source;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;

/**
 * The safety screen of SavedModel import. A SavedModel is a program: before TensorFlow loads one,
 * this screens its graph and every function in its library, and jkeras runs what passes only when
 * the caller allows the rest by op name ({@code SavedModelOptions.allowOps}). Two kinds of rule:
 *
 * <ul>
 *   <li>By name, wherever an op appears (run or not): ops that reach files, the network or other
 *       processes ({@link #REFUSED}), dataset ops other than in-memory ones ({@link #IN_MEMORY_DATASETS}:
 *       the rest read files or the network, or run a serialized graph, as {@code DatasetFromGraph}),
 *       ops that turn a string into an iterator, and ops the runtime does not know.
 *   <li>By what runs ({@link GraphReach}): from the saver's restore op, the init (main) op and each
 *       signature's outputs, through data and control inputs and into every function called. Checkpoint
 *       ops that write, move or delete files ({@link #WRITES_CHECKPOINTS}) may not run at all (the
 *       saver's save op, which jkeras never runs, keeps them); {@code RestoreV2} may run only on the
 *       saver's filename tensor (which jkeras feeds with {@code <model>/variables/variables}) or on a
 *       constant inside the model's own {@code variables/} directory, never on a computed path.
 * </ul>
 *
 * <p>The load is refused when the restore or init op fails the screen; a signature that fails it is
 * left out (listed with the reason among the bad signatures), and the others stay callable.
 * {@code Print} stays allowed: it writes to the process's own stderr. {@code PrintV2} is refused
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

  /** Checkpoint ops that write, move or delete files: refused wherever a run reaches them. */
  static final Set<String> WRITES_CHECKPOINTS = Set.of("SaveV2", "MergeV2Checkpoints");

  /** The checkpoint op that reads: allowed on the model's own variables only. */
  static final String RESTORE = "RestoreV2";

  /**
   * The dataset ops ({@code *Dataset*}) that are let through: sources over tensors in memory, and
   * transformations and consumers of other datasets (their functions are screened as any other). Every
   * other op whose name holds {@code Dataset} is refused, new ones included.
   */
  static final Set<String> IN_MEMORY_DATASETS = Set.of(
      "TensorDataset", "TensorSliceDataset", "SparseTensorSliceDataset", "RangeDataset", "RepeatDataset",
      "TakeDataset", "SkipDataset", "BatchDataset", "BatchDatasetV2", "PaddedBatchDataset", "PaddedBatchDatasetV2",
      "ParallelBatchDataset", "UnbatchDataset", "MapDataset", "ParallelMapDataset", "ParallelMapDatasetV2",
      "MapAndBatchDataset", "FilterDataset", "ParallelFilterDataset", "FlatMapDataset", "InterleaveDataset",
      "ParallelInterleaveDatasetV2", "ParallelInterleaveDatasetV3", "ParallelInterleaveDatasetV4", "ShuffleDataset",
      "ShuffleDatasetV2", "ShuffleDatasetV3", "ShuffleAndRepeatDataset", "ShuffleAndRepeatDatasetV2", "ZipDataset",
      "ConcatenateDataset", "PrefetchDataset", "WindowDataset", "ScanDataset", "TakeWhileDataset", "UniqueDataset",
      "OptionsDataset", "ModelDataset", "OptimizeDataset", "OptimizeDatasetV2", "FinalizeDataset", "ReduceDataset",
      "DatasetToSingleElement", "DatasetCardinality", "InitializeTableFromDataset");

  private static final String OPT_IN = "If you trust this model, load it with SavedModelOptions.defaults().allowOps(";
  private static final String INIT_OP_SIGNATURE = "__saved_model_init_op";
  private static final List<String> MAIN_OP_COLLECTIONS = List.of("saved_model_main_op", "legacy_init_op");
  private static final String SAVER_FILENAME = "the saver's filename";

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
   * Fails when {@code metaGraph} uses an op refused by name, or one its restore or init op runs is
   * refused, and the op is not in {@code allowed}; the message names each such op, why, where it
   * occurs, and how to allow it.
   */
  static void check(MetaGraphDef metaGraph, Set<String> allowed, Path directory) {
    Refusals refusals = new Refusals(allowed);
    byName(metaGraph.getGraphDef(), refusals);
    List<Run> runs = new ArrayList<>();
    Run restore = restoreRun(metaGraph);
    if (restore != null) {
      runs.add(restore);
    }
    runs.add(initRun(metaGraph));
    runs.forEach(run -> screen(metaGraph.getGraphDef(), run, directory, refusals));
    if (!refusals.isEmpty()) {
      throw new IllegalArgumentException("Refusing to load the SavedModel in " + directory
          + ": it uses ops that jkeras does not run unless you allow them:" + refusals);
    }
  }

  /**
   * The signatures of {@code metaGraph} whose run reaches a refused checkpoint op not in {@code allowed},
   * each with a message naming the ops, why, where and how to allow them.
   */
  static Map<String, String> refusedSignatures(MetaGraphDef metaGraph, Set<String> allowed, Path directory) {
    Map<String, String> refused = new TreeMap<>();
    metaGraph.getSignatureDefMap().forEach((name, signature) -> {
      if (name.startsWith("__")) {
        return;
      }
      Refusals refusals = new Refusals(allowed);
      screen(metaGraph.getGraphDef(), signatureRun(name, signature), directory, refusals);
      if (!refusals.isEmpty()) {
        refused.put(name, "it runs ops that jkeras does not run unless you allow them:" + refusals);
      }
    });
    return refused;
  }

  /** One run of the graph: what it fetches, what it feeds, and how a message names it. */
  private record Run(String name, List<String> roots, Map<String, Source> feeds) {}

  private static Run restoreRun(MetaGraphDef metaGraph) {
    if (!metaGraph.hasSaverDef()) {
      return null;
    }
    SaverDef saver = metaGraph.getSaverDef();
    Map<String, Source> feeds = assetFeeds(metaGraph);
    feeds.put(TensorName.parse(saver.getFilenameTensorName()).toString(), new Source.Fed(SAVER_FILENAME,
        "the saver's filename tensor"));
    return new Run("the restore op runs it when the model loads",
        List.of(TensorName.nodeOfInput(saver.getRestoreOpName())), feeds);
  }

  /** Every op TensorFlow's loader (or jkeras's import) may run after restoring: all candidates, not the first. */
  private static Run initRun(MetaGraphDef metaGraph) {
    List<String> roots = new ArrayList<>();
    SignatureDef init = metaGraph.getSignatureDefMap().get(INIT_OP_SIGNATURE);
    if (init != null) {
      init.getOutputsMap().values().forEach(info -> roots.add(TensorName.nodeOfInput(info.getName())));
    }
    for (String key : MAIN_OP_COLLECTIONS) {
      CollectionDef collection = metaGraph.getCollectionDefMap().get(key);
      if (collection != null) {
        collection.getNodeList().getValueList().forEach(node -> roots.add(TensorName.nodeOfInput(node)));
      }
    }
    return new Run("the init op runs it when the model loads", roots, assetFeeds(metaGraph));
  }

  private static Run signatureRun(String name, SignatureDef signature) {
    Map<String, Source> feeds = new HashMap<>();
    signature.getInputsMap().forEach((input, info) -> feeds.put(TensorName.parse(info.getName()).toString(),
        new Source.Fed(input, "signature input '" + input + "'")));
    List<String> roots = signature.getOutputsMap().values().stream()
        .map(info -> TensorName.nodeOfInput(info.getName())).toList();
    return new Run("signature '" + name + "' runs it", roots, feeds);
  }

  private static Map<String, Source> assetFeeds(MetaGraphDef metaGraph) {
    Map<String, Source> feeds = new HashMap<>();
    for (AssetFileDef asset : metaGraph.getAssetFileDefList()) {
      feeds.put(TensorName.parse(asset.getTensorInfo().getName()).toString(),
          new Source.Fed(asset.getFilename(), "the path of asset '" + asset.getFilename() + "'"));
    }
    return feeds;
  }

  /** Adds to {@code refusals} the checkpoint ops {@code run} reaches that it may not run. */
  private static void screen(GraphDef graph, Run run, Path directory, Refusals refusals) {
    GraphReach reach = GraphReach.of(graph, run.roots(), run.feeds());
    for (GraphReach.Reached node : reach.nodes()) {
      if (WRITES_CHECKPOINTS.contains(node.op())) {
        refusals.add(node.op(), "writes, moves or deletes checkpoint files; " + run.name(), node.where());
      } else if (node.op().equals(RESTORE)) {
        String wrong = wrongCheckpoint(reach.source(node, 0), directory);
        if (wrong != null) {
          refusals.add(node.op(), wrong + "; " + run.name(), node.where());
        }
      }
    }
  }

  /** Why a checkpoint read from {@code prefix} may not run, or null when it reads the model's own variables. */
  private static String wrongCheckpoint(Source prefix, Path directory) {
    Path variables = directory.resolve("variables");
    if (prefix instanceof Source.Fed fed) {
      return fed.key().equals(SAVER_FILENAME) ? null : "reads a checkpoint from a path given as " + fed.what();
    }
    if (prefix instanceof Source.Constant constant) {
      String value = constant.value();
      Path path = null;
      try {
        path = value.contains("://") ? null : Path.of("").toAbsolutePath().resolve(value).normalize();
      } catch (InvalidPathException e) {
        path = null;
      }
      if (path != null && path.startsWith(variables) && !path.equals(variables)) {
        return null;
      }
      return "reads the checkpoint '" + value + "', which is not in " + variables;
    }
    return "reads a checkpoint from a computed path, " + ((Source.Computed) prefix).what();
  }

  /** The refused ops found so far, each with why and where; as text, the lines of a message and the opt-in. */
  private static final class Refusals {
    private final Set<String> allowed;
    private final Map<String, Set<String>> where = new TreeMap<>();
    private final Set<String> ops = new TreeSet<>();

    Refusals(Set<String> allowed) {
      this.allowed = allowed;
    }

    void add(String op, String reason, String at) {
      if (!allowed.contains(op)) {
        ops.add(op);
        where.computeIfAbsent(op + " (" + reason + ")", k -> new LinkedHashSet<>()).add(at);
      }
    }

    boolean isEmpty() {
      return where.isEmpty();
    }

    @Override
    public String toString() {
      StringBuilder message = new StringBuilder();
      where.forEach((op, places) -> {
        List<String> list = List.copyOf(places);
        message.append("\n  ").append(op).append(" at ")
            .append(String.join(", ", list.subList(0, Math.min(5, list.size()))))
            .append(list.size() > 5 ? " and " + (list.size() - 5) + " more" : "");
      });
      message.append("\n").append(OPT_IN)
          .append(String.join(", ", ops.stream().map(op -> '"' + op + '"').toList())).append(")");
      return message.toString();
    }
  }

  /** Adds every op refused by name in {@code graph}, its functions and the ops its func attrs name. */
  private static void byName(GraphDef graph, Refusals refusals) {
    Set<String> functions = new HashSet<>();
    graph.getLibrary().getFunctionList().forEach(f -> functions.add(f.getSignature().getName()));
    forEachNode(graph, (node, where) -> {
      String reason = reason(node.getOp(), node, functions);
      if (reason != null) {
        refusals.add(node.getOp(), reason, where);
      }
      GraphReach.forEachFunctionAttr(node, (attr, name, topLevel) -> {
        String named = functions.contains(name) ? null : reason(name, null, functions);
        if (named != null) {
          refusals.add(name, named, "func attr '" + attr + "' of " + where);
        }
      });
    });
  }

  /** Why op {@code op} ({@code node} when it is a node's op, else null) is refused by name, or null when it is not. */
  private static String reason(String op, NodeDef node, Set<String> functions) {
    if (REFUSED.contains(op)) {
      return "touches files, the network or other processes";
    }
    if (op.contains("Dataset") && !IN_MEMORY_DATASETS.contains(op)) {
      return "a dataset op that may read files or the network or run a serialized graph; "
          + "only in-memory datasets pass";
    }
    if (op.contains("FromStringHandle") || op.startsWith("Deserialize") && op.contains("Iterator")) {
      return "makes an iterator from a string, which may hold any dataset";
    }
    if (op.endsWith("Reader") || op.endsWith("ReaderV2")) {
      return "opens files";
    }
    if (node != null && op.equals("PrintV2") && stringAttr(node, "output_stream").startsWith("file://")) {
      return "prints to a file";
    }
    if (node != null && (op.equals("DecodeProtoV2") || op.equals("EncodeProto"))
        && !Set.of("", "local://").contains(stringAttr(node, "descriptor_source"))) {
      return "reads a descriptor file";
    }
    if (!Registered.OPS.contains(op) && !functions.contains(op)) {
      return "unknown to TensorFlow " + TensorFlow.version();
    }
    return null;
  }

  private static String stringAttr(NodeDef node, String name) {
    AttrValue value = node.getAttrMap().get(name);
    return value == null ? "" : value.getS().toStringUtf8();
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
