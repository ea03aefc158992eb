package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.tensorflow.ErrorMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TString;

/**
 * One SavedModel imported into one model graph. Its variables and saver are imported once, under
 * {@code scope/state}, and restored from {@code variables/variables} by the SavedModel's own restore
 * op, then its main (init) op runs; no Python runs. Each call of a signature imports the ops that
 * signature needs under {@code scope/call_n}, its inputs bound to tensors of the model graph; the
 * calls share the restored variables (their {@code shared_name}s are the same), and nothing
 * assigns them again, so they stay frozen. The imported variables are listed ({@link #variables()})
 * so an export of the model saves and restores them with jkeras's own.
 */
public final class ImportedSavedModel {
  private static final String INIT_OP_SIGNATURE = "__saved_model_init_op";
  private static final List<String> MAIN_OP_COLLECTIONS = List.of("saved_model_main_op", "legacy_init_op");

  private final TaggedMetaGraph file;
  private final Graph graph;
  private final String scope;
  private final List<ImportedVariable> variables = new ArrayList<>();
  private int calls;

  private ImportedSavedModel(TaggedMetaGraph file, Graph graph, String scope) {
    this.file = file;
    this.graph = graph;
    this.scope = scope;
  }

  /** Imports the SavedModel's state into {@code graph} under {@code scope} and restores it in {@code session}. */
  public static ImportedSavedModel load(TaggedMetaGraph file, Graph graph, Session session, String scope) {
    ImportedSavedModel model = new ImportedSavedModel(file, graph, scope);
    model.restore(session);
    return model;
  }

  /** The screened meta graph this model was imported from. */
  public TaggedMetaGraph file() {
    return file;
  }

  /** The variables imported with its state (restored or initialized by its main op), for export. */
  public List<ImportedVariable> variables() {
    return List.copyOf(variables);
  }

  private MetaGraphDef meta() {
    return file.metaGraph();
  }

  private void restore(Session session) {
    SaverDef saver = meta().hasSaverDef() ? meta().getSaverDef() : null;
    String mainOp = mainOp();
    List<String> roots = new ArrayList<>();
    if (saver != null) {
      roots.add(TensorName.nodeOfInput(saver.getRestoreOpName()));
      roots.add(TensorName.parse(saver.getFilenameTensorName()).node());
    }
    if (mainOp != null) {
      roots.add(mainOp);
      meta().getAssetFileDefList().forEach(a -> roots.add(TensorName.parse(a.getTensorInfo().getName()).node()));
    }
    if (roots.isEmpty()) {
      return;
    }
    String prefix = scope + "/state";
    GraphDef state = GraphDefs.subgraph(meta().getGraphDef(), roots, Map.of(), scope);
    NativeGraphImport.importInto(graph, state, prefix, Map.of());
    for (NodeDef node : state.getNodeList()) {
      ImportedVariable variable = ImportedVariable.of(node, prefix);
      if (variable != null) {
        variables.add(variable);
      }
    }
    List<Tensor> opened = new ArrayList<>();
    try {
      if (saver != null) {
        Path checkpoint = file.directory().resolve("variables").resolve("variables");
        if (!Files.isRegularFile(Path.of(checkpoint + ".index"))) {
          throw new IllegalArgumentException("The SavedModel in " + file.directory() + " has no variables/"
              + "variables.index to restore its variables from");
        }
        TString path = TString.scalarOf(checkpoint.toString());
        opened.add(path);
        session.runner()
            .feed(output(prefix, saver.getFilenameTensorName()), path)
            .addTarget(graph.operationOrThrow(prefix + "/" + TensorName.nodeOfInput(saver.getRestoreOpName())))
            .run()
            .close();
      }
      if (mainOp != null) {
        Session.Runner runner = session.runner();
        for (AssetFileDef asset : meta().getAssetFileDefList()) {
          TString assetPath = TString.scalarOf(
              file.directory().resolve("assets").resolve(asset.getFilename()).toString());
          opened.add(assetPath);
          runner.feed(output(prefix, asset.getTensorInfo().getName()), assetPath);
        }
        runner.addTarget(graph.operationOrThrow(prefix + "/" + mainOp)).run().close();
      }
    } catch (TensorFlowException e) {
      throw new IllegalStateException("Could not restore the variables of the SavedModel in " + file.directory()
          + ": " + ErrorMessages.clean(e), e);
    } finally {
      opened.forEach(Tensor::close);
    }
  }

  /** The node of the op TensorFlow's loader runs after restoring (tables, assets), or null. */
  private String mainOp() {
    SignatureDef init = meta().getSignatureDefMap().get(INIT_OP_SIGNATURE);
    if (init != null && !init.getOutputsMap().isEmpty()) {
      return TensorName.nodeOfInput(init.getOutputsMap().values().iterator().next().getName());
    }
    for (String key : MAIN_OP_COLLECTIONS) {
      CollectionDef collection = meta().getCollectionDefMap().get(key);
      if (collection != null && collection.getNodeList().getValueCount() > 0) {
        return TensorName.nodeOfInput(collection.getNodeList().getValue(0));
      }
    }
    return null;
  }

  /**
   * Imports the ops of {@code signature} with its inputs bound to {@code inputs} (by the signature's
   * input names, all given) and returns its outputs by name, in name order.
   */
  public Map<String, Output<?>> call(String signature, Map<String, Output<?>> inputs) {
    SignatureDef def = file.signature(signature);
    Map<String, DataType> cuts = new LinkedHashMap<>();
    Map<String, Output<?>> inputMap = new LinkedHashMap<>();
    for (Map.Entry<String, TensorInfo> input : def.getInputsMap().entrySet()) {
      TensorName name = TensorName.parse(input.getValue().getName());
      if (name.index() == 0) {
        cuts.put(name.node(), input.getValue().getDtype());
      }
      inputMap.put(name.toString(), inputs.get(input.getKey()));
    }
    List<String> roots = def.getOutputsMap().values().stream().map(i -> TensorName.parse(i.getName()).node()).toList();
    String prefix = scope + "/call_" + calls++;
    NativeGraphImport.importInto(graph, GraphDefs.subgraph(meta().getGraphDef(), roots, cuts, scope), prefix, inputMap);
    Map<String, Output<?>> outputs = new TreeMap<>();
    def.getOutputsMap().forEach((name, info) -> outputs.put(name, output(prefix, info.getName())));
    return outputs;
  }

  private Output<?> output(String prefix, String tensorName) {
    TensorName name = TensorName.parse(tensorName);
    return graph.operationOrThrow(prefix + "/" + name.node()).output(name.index());
  }
}
