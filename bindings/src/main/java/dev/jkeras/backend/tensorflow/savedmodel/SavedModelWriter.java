package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ExportSignature;
import dev.jkeras.backend.tensorflow.Int8Operands;
import dev.jkeras.backend.tensorflow.TfOperands;
import dev.jkeras.backend.tensorflow.TfVariable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TString;

/**
 * Writes a model graph as a TensorFlow SavedModel: the graph, a V2 checkpoint of its resource
 * variables (TensorFlow Java's own saver only knows reference variables) and of the variables of
 * SavedModels imported into it (TFSMLayer), with the save and restore ops TensorFlow's loader runs,
 * and the signatures.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class SavedModelWriter {
  private static final String SERVE = "serve";
  private static final String PREDICT_METHOD = "tensorflow/serving/predict";

  private SavedModelWriter() {}

  /**
   * Writes {@code graph} to {@code directory}: the values of {@code variables} (jkeras's) and of
   * {@code imported} (a TFSMLayer's SavedModel's, those that hold a value) in one checkpoint, which
   * the restore op assigns back to each, with {@code Assign} or {@code AssignVariableOp}.
   */
  public static void write(Graph graph, Session session, List<TfVariable> variables, List<ImportedVariable> imported,
      List<ExportSignature> signatures, Path directory) throws IOException {
    Ops tf = Ops.create(graph).withSubScope("saver");
    List<ImportedVariable> held = initialized(tf, graph, session, imported);
    Path variablesDir = Files.createDirectories(directory.resolve("variables"));
    SaverDef saver = variables.isEmpty() && held.isEmpty() ? null
        : writeCheckpoint(tf, graph, session, variables, held, variablesDir.resolve("variables"));
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
            .addTags(SERVE)
            .setTensorflowVersion(TensorFlow.version()))
        .setGraphDef(GraphDefs.pruned(graph.toGraphDef(), roots(signatures, saver)));
    if (saver != null) {
      meta.setSaverDef(saver);
    }
    for (ExportSignature signature : signatures) {
      SignatureDef.Builder def = SignatureDef.newBuilder().setMethodName(PREDICT_METHOD);
      signature.inputs().forEach((name, tensor) -> def.putInputs(name, info(tensor)));
      signature.outputs().forEach((name, tensor) -> def.putOutputs(name, info(tensor)));
      meta.putSignatureDef(signature.key(), def.build());
    }
    SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
    try (OutputStream out = Files.newOutputStream(directory.resolve("saved_model.pb"))) {
      model.writeTo(out);
    }
  }

  /**
   * Adds the save and restore ops of {@code variables} and {@code held} to the graph, saves their
   * values to {@code checkpoint} and returns the saver TensorFlow's loader restores them with. A
   * graph without variables has no checkpoint and no saver (the loader then restores nothing).
   */
  private static SaverDef writeCheckpoint(Ops tf, Graph graph, Session session, List<TfVariable> variables,
      List<ImportedVariable> held, Path checkpoint) {
    Placeholder<TString> prefix = tf.withName("filename").placeholder(TString.class);
    List<String> names = new ArrayList<>(variables.stream().map(TfVariable::checkpointKey).toList());
    held.forEach(v -> names.add(v.checkpointKey()));
    Operand<TString> keys = tf.constant(NdArrays.vectorOfObjects(names.toArray(String[]::new)));
    Operand<TString> slices = tf.constant(NdArrays.vectorOfObjects(names.stream().map(n -> "").toArray(String[]::new)));

    List<Operand<?>> values = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    for (TfVariable variable : variables) {
      Operand<?> value = variable.readOp(tf);
      values.add(value);
      types.add(value.asOutput().dataType());
    }
    for (ImportedVariable variable : held) {
      values.add(variable.read(tf, graph));
      types.add(variable.dtype());
    }
    Op save = tf.withName("save_all").train.save(prefix, keys, slices, values);
    List<Output<?>> restored = Int8Operands.restore(tf, prefix, keys, slices, types.toArray(DataType[]::new));
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      assigns.add(tf.assignVariableOp(variables.get(i).handle(), restored.get(i)));
    }
    for (int i = 0; i < held.size(); i++) {
      assigns.add(held.get(i).assign(tf, graph, (Operand) restored.get(variables.size() + i)));
    }
    Op restoreAll = tf.withControlDependencies(assigns).withName("restore_all").noOp();

    try (TString path = TString.scalarOf(checkpoint.toString())) {
      session.runner().feed(prefix, path).addTarget(save).run().close();
    }
    return SaverDef.newBuilder()
        .setFilenameTensorName(prefix.op().name() + ":0")
        .setSaveTensorName(save.op().name())
        .setRestoreOpName(restoreAll.op().name())
        .setVersion(SaverDef.CheckpointFormatVersion.V2)
        .build();
  }

  /** The nodes serving and the saver run: the signatures' inputs and outputs, the save and restore ops. */
  private static List<String> roots(List<ExportSignature> signatures, SaverDef saver) {
    List<String> roots = new ArrayList<>();
    for (ExportSignature signature : signatures) {
      signature.inputs().values().forEach(t -> roots.add(TfOperands.operand(t).asOutput().op().name()));
      signature.outputs().values().forEach(t -> roots.add(TfOperands.operand(t).asOutput().op().name()));
    }
    if (saver != null) {
      roots.add(TensorName.parse(saver.getFilenameTensorName()).node());
      roots.add(saver.getSaveTensorName());
      roots.add(saver.getRestoreOpName());
    }
    return roots;
  }

  /** The variables of {@code imported} that hold a value in {@code session} (others cannot be saved). */
  private static List<ImportedVariable> initialized(Ops tf, Graph graph, Session session,
      List<ImportedVariable> imported) {
    if (imported.isEmpty()) {
      return List.of();
    }
    Session.Runner runner = session.runner();
    imported.forEach(v -> runner.fetch(v.isInitialized(tf, graph)));
    List<ImportedVariable> held = new ArrayList<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < imported.size(); i++) {
        if (((TBool) result.get(i)).getBoolean()) {
          held.add(imported.get(i));
        }
      }
    }
    return held;
  }

  private static TensorInfo info(KerasTensor tensor) {
    Output<?> output = TfOperands.operand(tensor).asOutput();
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : tensor.shape().asArray()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return TensorInfo.newBuilder()
        .setName(output.op().name() + ":" + output.index())
        .setDtype(output.dataType())
        .setTensorShape(shape)
        .build();
  }
}
