package dev.jkeras.backend.tensorflow.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** The op screen and malformed signatures, on fixtures whose saved_model.pb the test edits. */
class SavedModelScreenTest {
  private static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();
  private static final FloatNdArray X = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});

  @TempDir Path tmp;

  @Test
  void aFileOpInTheGraphIsRefusedNamingOpAndNodeAndLoadsWhenAllowed() throws IOException {
    Path dir = edited("half_plus_two_tf1", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(stringConst("leak/filename", "/etc/passwd"))
          .addNode(NodeDef.newBuilder().setName("leak").setOp("ReadFile").addInput("leak/filename"));
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().contains("ReadFile") && e.getMessage().contains("graph node 'leak'")
        && e.getMessage().contains("allowOps(\"ReadFile\")"), e.getMessage());

    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().allowOps("ReadFile"))) {
      assertEquals(List.of("graph node 'leak'"), model.ops().get("ReadFile"));
      FloatNdArray y = (FloatNdArray) model.call("serving_default", Map.of("x", X)).get("y");
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {3.5f}}, StdArrays.array2dCopyOf(y));
    }
  }

  @Test
  void aFileOpInAFunctionIsRefusedNamingFunctionAndNode() throws IOException {
    Path dir = edited("python_tf2_multi_signature", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().getLibraryBuilder().addFunction(FunctionDef.newBuilder()
          .setSignature(OpDef.newBuilder().setName("leaky_fn").setIsStateful(true))
          .addNodeDef(stringConst("filename", "/tmp/jkeras-screen-test"))
          .addNodeDef(stringConst("contents", "x"))
          .addNodeDef(NodeDef.newBuilder().setName("write").setOp("WriteFile")
              .addInput("filename:output:0").addInput("contents:output:0")));
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().contains("WriteFile") && e.getMessage().contains("function 'leaky_fn' node 'write'"),
        e.getMessage());
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().allowOps("WriteFile"))) {
      assertTrue(model.ops().get("WriteFile").contains("function 'leaky_fn' node 'write'"));
      assertTrue(Files.notExists(Path.of("/tmp/jkeras-screen-test")), "loading must not run the function");
    }
  }

  @Test
  void printV2ToAFileIsRefusedButPrintToStderrIsNot() throws IOException {
    Path dir = edited("half_plus_two_tf1", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(stringConst("message", "hi"))
          .addNode(NodeDef.newBuilder().setName("print").setOp("PrintV2").addInput("message")
              .putAttr("output_stream", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("file:///tmp/out")).build()));
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().contains("PrintV2 (prints to a file) at graph node 'print'"), e.getMessage());
  }

  @Test
  void anUnknownOpIsRefused() throws IOException {
    Path dir = edited("half_plus_two_tf1", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("mystery").setOp("NoSuchOpInTensorFlow"));
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().contains("NoSuchOpInTensorFlow (unknown to TensorFlow")
        && e.getMessage().contains("graph node 'mystery'"), e.getMessage());
  }

  @Test
  void malformedSignaturesAreReportedAndTheOthersWork() throws IOException {
    Path dir = edited("half_plus_two_tf1", meta -> meta.toBuilder()
        .putSignatureDef("no_such_tensor", signature("x", tensor("nowhere:0", DataType.DT_FLOAT), "y:0"))
        .putSignatureDef("bad_index", signature("x", tensor("x:7", DataType.DT_FLOAT), "y:0"))
        .putSignatureDef("complex", signature("x", tensor("x:0", DataType.DT_COMPLEX64), "y:0"))
        .putSignatureDef("wrong_dtype", signature("x", tensor("x:0", DataType.DT_INT32), "y:0"))
        .build());
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      Map<String, String> bad = model.badSignatures();
      assertEquals(java.util.Set.of("no_such_tensor", "bad_index", "complex", "wrong_dtype"), bad.keySet());
      assertTrue(bad.get("no_such_tensor").contains("no op 'nowhere'"), bad.toString());
      assertTrue(bad.get("bad_index").contains("has 1 outputs"), bad.toString());
      assertTrue(bad.get("complex").contains("DT_COMPLEX64"), bad.toString());
      assertTrue(bad.get("wrong_dtype").contains("declared DT_INT32 but tensor 'x:0' is DT_FLOAT"), bad.toString());
      assertTrue(!model.signatures().containsKey("complex") && model.signatures().containsKey("regress_x2_to_y3"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.call("no_such_tensor", Map.of("x", X)));
      assertTrue(e.getMessage().contains("cannot be called") && e.getMessage().contains("nowhere"), e.getMessage());
      FloatNdArray y = (FloatNdArray) model.call("serving_default", Map.of("x", X)).get("y");
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {3.5f}}, StdArrays.array2dCopyOf(y));
    }
  }


  // ---- What a run reaches: checkpoint ops (issue 11)

  @Test
  void saveV2ThatASignatureRunsIsRefusedAndWritesNothing() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path dir = edited("half_plus_two_tf1", meta -> withSignature(meta, "leak", "x:0", "leak/y:0",
        stringConst("leak/prefix", outside.resolve("ckpt").toString()),
        stringsConst("leak/names", "y"), stringsConst("leak/slices", ""),
        node("leak/save", "SaveV2", "leak/prefix", "leak/names", "leak/slices", "y")
            .putAttr("dtypes", types(DataType.DT_FLOAT)),
        node("leak/y", "Identity", "y", "^leak/save").putAttr("T", type(DataType.DT_FLOAT))));
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      String reason = model.badSignatures().get("leak");
      assertTrue(reason != null && reason.contains("SaveV2 (writes, moves or deletes checkpoint files; signature "
          + "'leak' runs it) at graph node 'leak/save'") && reason.contains("allowOps(\"SaveV2\")"), String.valueOf(reason));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.call("leak", Map.of("x", X)));
      assertTrue(e.getMessage().contains("cannot be called") && e.getMessage().contains("SaveV2"), e.getMessage());
      FloatNdArray y = (FloatNdArray) model.call("serving_default", Map.of("x", X)).get("y");
      assertArrayEquals(new float[][] {{2.5f}, {3f}, {3.5f}}, StdArrays.array2dCopyOf(y));
    }
    assertEquals(List.of(), filesIn(outside));
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().allowOps("SaveV2"))) {
      model.call("leak", Map.of("x", X));
    }
    assertTrue(filesIn(outside).stream().anyMatch(f -> f.startsWith("ckpt")), "the opt-in runs it: " + filesIn(outside));
  }

  @Test
  void saveV2AsTheInitOpRefusesTheLoad() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path dir = edited("python_tf2_multi_signature", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(stringConst("leak/prefix", outside.resolve("ckpt").toString()))
          .addNode(stringsConst("leak/names", "v")).addNode(stringsConst("leak/slices", ""))
          .addNode(floatConst("leak/value", 7f))
          .addNode(node("leak/save", "SaveV2", "leak/prefix", "leak/names", "leak/slices", "leak/value")
              .putAttr("dtypes", types(DataType.DT_FLOAT)));
      b.putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder()
          .putOutputs("__saved_model_init_op", TensorInfo.newBuilder().setName("leak/save").build()).build());
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().startsWith("Refusing to load the SavedModel") && e.getMessage().contains(
        "SaveV2 (writes, moves or deletes checkpoint files; the init op runs it when the model loads) at graph node "
        + "'leak/save'") && e.getMessage().contains("allowOps(\"SaveV2\")"), e.getMessage());
    assertEquals(List.of(), filesIn(outside));
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().allowOps("SaveV2"))) {
      model.call("get_variable", Map.of("dummy", NdArrays.scalarOf(0f)));
    }
    assertTrue(filesIn(outside).stream().anyMatch(f -> f.startsWith("ckpt")), "the opt-in runs it: " + filesIn(outside));
  }

  @Test
  void mergeV2CheckpointsThatMovesAnotherModelsVariablesIsRefusedAndLeavesThemThere() throws IOException {
    Path victim = copy("half_plus_two_tf1", tmp.resolve("victim")).resolve("variables");
    Map<String, Long> before = sizes(victim);
    Path stolen = tmp.resolve("stolen");
    Path dir = edited("half_plus_two_tf1", meta -> withSignature(meta, "leak", "x:0", "leak/y:0",
        stringsConst("leak/sources", victim.resolve("variables").toString()),
        stringConst("leak/destination", stolen.resolve("ckpt").toString()),
        node("leak/merge", "MergeV2Checkpoints", "leak/sources", "leak/destination")
            .putAttr("delete_old_dirs", AttrValue.newBuilder().setB(true).build()),
        node("leak/y", "Identity", "y", "^leak/merge").putAttr("T", type(DataType.DT_FLOAT))));
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      assertTrue(String.valueOf(model.badSignatures().get("leak")).contains("MergeV2Checkpoints (writes, moves or "
          + "deletes checkpoint files; signature 'leak' runs it) at graph node 'leak/merge'"), model.badSignatures().toString());
      assertThrows(IllegalArgumentException.class, () -> model.call("leak", Map.of("x", X)));
    }
    assertEquals(before, sizes(victim), "the other model's variables are untouched");
    assertTrue(Files.notExists(stolen));
    try (ImportedModel model = TfImportedModel.load(dir,
        SavedModelOptions.defaults().allowOps("MergeV2Checkpoints"))) {
      model.call("leak", Map.of("x", X));
    }
    assertTrue(Files.notExists(victim.resolve("variables.index")), "the opt-in runs it");
  }

  @Test
  void restoreV2OfAnotherModelsCheckpointIsRefusedNamingNodeAndPathButItsOwnVariablesPass() throws IOException {
    Path victim = copy("half_plus_two_tf1", tmp.resolve("victim")).resolve("variables").resolve("variables");
    Path ownVariables = tmp.resolve("half_plus_two_tf1/variables/variables");
    Path dir = edited("half_plus_two_tf1", meta -> withSignature(withSignature(meta, "leak", "x:0", "leak/restore:0",
        stringConst("leak/prefix", victim.toString()), stringsConst("leak/names", "a"),
        stringsConst("leak/slices", ""),
        node("leak/restore", "RestoreV2", "leak/prefix", "leak/names", "leak/slices")
            .putAttr("dtypes", types(DataType.DT_FLOAT))), "own", "x:0", "own/restore:0",
        stringConst("own/prefix", ownVariables.toString()), node("own/restore", "RestoreV2", "own/prefix",
            "leak/names", "leak/slices").putAttr("dtypes", types(DataType.DT_FLOAT))));
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      assertEquals(java.util.Set.of("leak"), model.badSignatures().keySet());
      String reason = model.badSignatures().get("leak");
      assertTrue(reason.contains("RestoreV2 (reads the checkpoint '" + victim + "', which is not in "
          + dir.resolve("variables") + "; signature 'leak' runs it) at graph node 'leak/restore'"), reason);
      assertThrows(IllegalArgumentException.class, () -> model.call("leak", Map.of("x", X)));
      assertEquals(0.5f, ((FloatNdArray) model.call("own", Map.of("x", X)).get("y")).getFloat(),
          "a constant path inside its own variables/ passes");
    }
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().allowOps("RestoreV2"))) {
      assertEquals(0.5f, ((FloatNdArray) model.call("leak", Map.of("x", X)).get("y")).getFloat(), "the opt-in runs it");
    }
  }

  @Test
  void aRestoreFunctionReadingAComputedPathRefusesTheLoad() throws IOException {
    Path dir = edited("python_tf2_multi_signature", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      var library = b.getGraphDefBuilder().getLibraryBuilder();
      for (int i = 0; i < library.getFunctionCount(); i++) {
        FunctionDef.Builder f = library.getFunctionBuilder(i);
        if (f.getSignature().getName().startsWith("__inference__traced_restore")) {
          f.addNodeDef(stringConst("elsewhere", "/../../../tmp/elsewhere"))
              .addNodeDef(node("join", "StringJoin", "file_prefix", "elsewhere:output:0")
                  .putAttr("N", AttrValue.newBuilder().setI(2).build()));
          for (int n = 0; n < f.getNodeDefCount(); n++) {
            if (f.getNodeDef(n).getOp().equals("RestoreV2")) {
              f.getNodeDefBuilder(n).setInput(0, "join:output:0");
            }
          }
        }
      }
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().contains("RestoreV2 (reads a checkpoint from a computed path, the output of StringJoin "
        + "at function '__inference__traced_restore_152' node 'join'; the restore op runs it when the model loads)"),
        e.getMessage());
  }

  @Test
  void saveV2HiddenInANestedFunctionIsRefused() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path dir = edited("python_tf2_multi_signature", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().getLibraryBuilder()
          .addFunction(function("leak_inner", true,
              stringConst("prefix", outside.resolve("ckpt").toString()), stringsConst("names", "x"),
              stringsConst("slices", ""),
              node("save", "SaveV2", "prefix:output:0", "names:output:0", "slices:output:0", "x")
                  .putAttr("dtypes", types(DataType.DT_FLOAT)),
              node("out", "Identity", "x", "^save").putAttr("T", type(DataType.DT_FLOAT))))
          .addFunction(function("leak_outer", true, call("inner", "leak_inner", "x")));
      b.getGraphDefBuilder().addNode(placeholder("leak_x")).addNode(call("leak/call", "leak_outer", "leak_x"));
      b.putSignatureDef("nested", scalarSignature("leak_x:0", "leak/call:0"));
      return b.build();
    });
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      assertTrue(String.valueOf(model.badSignatures().get("nested")).contains("SaveV2 (writes, moves or deletes "
          + "checkpoint files; signature 'nested' runs it) at function 'leak_inner' node 'save'"),
          model.badSignatures().toString());
      assertThrows(IllegalArgumentException.class, () -> model.call("nested", Map.of("x", NdArrays.scalarOf(1f))));
      assertEquals(2f, ((FloatNdArray) model.call("get_variable", Map.of("dummy", NdArrays.scalarOf(0f)))
          .get("output_0")).getFloat(), "the other signatures work");
    }
    assertEquals(List.of(), filesIn(outside));
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().allowOps("SaveV2"))) {
      assertEquals(1f, ((FloatNdArray) model.call("nested", Map.of("x", NdArrays.scalarOf(1f))).get("y")).getFloat());
    }
    assertTrue(filesIn(outside).stream().anyMatch(f -> f.startsWith("ckpt")), "the opt-in runs it: " + filesIn(outside));
  }

  @Test
  void aFuncAttrNamingAnOpCountsAsThatOp() throws IOException {
    Path dir = edited("half_plus_two_tf1", meta -> withSignature(meta, "by_name", "x:0", "y:0",
        node("leak/byname", "PartitionedCall", "x")
            .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName("SaveV2")).build()),
        node("leak/read", "PartitionedCall", "x")
            .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName("ReadFile")).build()))
        .toBuilder().putSignatureDef("by_name", SignatureDef.newBuilder()
            .putOutputs("done", TensorInfo.newBuilder().setName("leak/byname").build()).build()).build());
    MetaGraphDef meta = SavedModelFile.read(dir).metaGraph(List.of("serve"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OpScreen.check(meta, java.util.Set.of(), dir));
    assertTrue(e.getMessage().contains("ReadFile (touches files, the network or other processes) at func attr 'f' of "
        + "graph node 'leak/read'"), e.getMessage());
    assertTrue(OpScreen.refusedSignatures(meta, java.util.Set.of("ReadFile"), dir).get("by_name").contains(
        "SaveV2 (writes, moves or deletes checkpoint files; signature 'by_name' runs it) at func attr 'f' of graph "
        + "node 'leak/byname'"));
  }

  @Test
  void anotherImplementationOfACalledFunctionCountsAsCalled() throws IOException {
    AttrValue implementsX = AttrValue.newBuilder().setS(ByteString.copyFromUtf8("jkeras_test_x")).build();
    Path dir = edited("python_tf2_multi_signature", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().getLibraryBuilder()
          .addFunction(function("plain", false, node("out", "Identity", "x").putAttr("T", type(DataType.DT_FLOAT)))
              .toBuilder().putAttr("api_implements", implementsX))
          .addFunction(function("saving", true, stringConst("prefix", "/tmp/jkeras-implementation"),
              stringsConst("names", "x"), stringsConst("slices", ""),
              node("save", "SaveV2", "prefix:output:0", "names:output:0", "slices:output:0", "x")
                  .putAttr("dtypes", types(DataType.DT_FLOAT)),
              node("out", "Identity", "x", "^save").putAttr("T", type(DataType.DT_FLOAT)))
              .toBuilder().putAttr("api_implements", implementsX));
      b.getGraphDefBuilder().addNode(placeholder("leak_x")).addNode(call("leak/call", "plain", "leak_x"));
      return b.putSignatureDef("swapped", scalarSignature("leak_x:0", "leak/call:0")).build();
    });
    MetaGraphDef meta = SavedModelFile.read(dir).metaGraph(List.of("serve"));
    assertTrue(String.valueOf(OpScreen.refusedSignatures(meta, java.util.Set.of(), dir).get("swapped")).contains(
        "SaveV2 (writes, moves or deletes checkpoint files; signature 'swapped' runs it) at function 'saving' node "
        + "'save'"), OpScreen.refusedSignatures(meta, java.util.Set.of(), dir).toString());
  }

  @Test
  void aDatasetFromGraphInANestedFunctionRefusesTheLoadEvenUncalled() throws IOException {
    Path dir = edited("python_tf2_multi_signature", meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().getLibraryBuilder()
          .addFunction(function("reader_inner", true, stringConst("graph", "not a graph"),
              node("dataset", "DatasetFromGraph", "graph:output:0"),
              node("out", "Identity", "x").putAttr("T", type(DataType.DT_FLOAT))))
          .addFunction(function("reader_outer", true, call("inner", "reader_inner", "x")));
      return b.build();
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfImportedModel.load(dir, SavedModelOptions.defaults()));
    assertTrue(e.getMessage().contains("DatasetFromGraph (a dataset op that may read files or the network or run a "
        + "serialized graph; only in-memory datasets pass) at function 'reader_inner' node 'dataset'")
        && e.getMessage().contains("allowOps(\"DatasetFromGraph\")"), e.getMessage());
  }

  @Test
  void everyPythonFixturePassesTheScreenWithAllItsSignatures() {
    assumeTrue(Files.isDirectory(FIXTURES), "fixtures missing: " + FIXTURES);
    Map<String, List<String>> tags = Map.of("rust_regression_tf1", List.of("train", "serve"));
    int screened = 0;
    for (String name : new java.util.TreeSet<>(List.of(Objects.requireNonNull(FIXTURES.toFile().list())))) {
      Path dir = FIXTURES.resolve(name);
      if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
        continue;
      }
      MetaGraphDef meta = SavedModelFile.read(dir).metaGraph(tags.getOrDefault(name, List.of("serve")));
      if (name.equals("fashion_mnist_trainable")) {
        // refused by name before issue 11 too: its save and restore signatures use the old Save and Restore ops
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OpScreen.check(meta, java.util.Set.of(), dir));
        assertTrue(e.getMessage().contains("allowOps(\"Restore\", \"Save\")"), e.getMessage());
        continue;
      }
      OpScreen.check(meta, java.util.Set.of(), dir);
      assertEquals(Map.of(), OpScreen.refusedSignatures(meta, java.util.Set.of(), dir), name);
      screened++;
    }
    assertEquals(17, screened);
  }

  private static SignatureDef signature(String input, TensorInfo info, String output) {
    return SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict").putInputs(input, info)
        .putOutputs("y", tensor(output, DataType.DT_FLOAT)).build();
  }

  private static TensorInfo tensor(String name, DataType dtype) {
    return TensorInfo.newBuilder().setName(name).setDtype(dtype)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(1))).build();
  }

  private static NodeDef.Builder stringConst(String name, String value) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance()).addStringVal(ByteString.copyFromUtf8(value)))
            .build());
  }

  /** {@code meta} with {@code nodes} added to its graph and a signature {@code name} from {@code input} to {@code output}. */
  private static MetaGraphDef withSignature(MetaGraphDef meta, String name, String input, String output,
      NodeDef.Builder... nodes) {
    MetaGraphDef.Builder b = meta.toBuilder();
    for (NodeDef.Builder node : nodes) {
      b.getGraphDefBuilder().addNode(node);
    }
    return b.putSignatureDef(name, signature("x", tensor(input, DataType.DT_FLOAT), output)).build();
  }

  private static SignatureDef scalarSignature(String input, String output) {
    TensorInfo.Builder scalar = TensorInfo.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.getDefaultInstance());
    return SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
        .putInputs("x", scalar.setName(input).build()).putOutputs("y", scalar.setName(output).build()).build();
  }

  private static NodeDef.Builder node(String name, String op, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs));
  }

  private static NodeDef.Builder placeholder(String name) {
    return node(name, "Placeholder").putAttr("dtype", type(DataType.DT_FLOAT))
        .putAttr("shape", AttrValue.newBuilder().setShape(TensorShapeProto.getDefaultInstance()).build());
  }

  /** A call of {@code function} (float to float) on {@code input}. */
  private static NodeDef.Builder call(String name, String function, String input) {
    return node(name, "StatefulPartitionedCall", input)
        .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build())
        .putAttr("Tin", types(DataType.DT_FLOAT)).putAttr("Tout", types(DataType.DT_FLOAT));
  }

  /** A function from float {@code x} to float {@code y}, returned by its node {@code out} (or {@code inner}). */
  private static FunctionDef function(String name, boolean stateful, NodeDef.Builder... nodes) {
    OpDef.ArgDef.Builder x = OpDef.ArgDef.newBuilder().setName("x").setType(DataType.DT_FLOAT);
    OpDef.ArgDef.Builder y = OpDef.ArgDef.newBuilder().setName("y").setType(DataType.DT_FLOAT);
    FunctionDef.Builder f = FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName(name)
        .setIsStateful(stateful).addInputArg(x).addOutputArg(y));
    boolean direct = false;
    for (NodeDef.Builder node : nodes) {
      f.addNodeDef(node);
      direct |= node.getName().equals("out");
    }
    return f.putRet("y", direct ? "out:output:0" : "inner:output:0").build();
  }

  private static AttrValue type(DataType type) {
    return AttrValue.newBuilder().setType(type).build();
  }

  private static AttrValue types(DataType... types) {
    return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addAllType(List.of(types))).build();
  }

  private static NodeDef.Builder stringsConst(String name, String... values) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)));
    for (String value : values) {
      tensor.addStringVal(ByteString.copyFromUtf8(value));
    }
    return node(name, "Const").putAttr("dtype", type(DataType.DT_STRING))
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build());
  }

  private static NodeDef.Builder floatConst(String name, float value) {
    return node(name, "Const").putAttr("dtype", type(DataType.DT_FLOAT))
        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
            .setTensorShape(TensorShapeProto.getDefaultInstance()).addFloatVal(value)).build());
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, Long> sizes(Path dir) throws IOException {
    Map<String, Long> sizes = new java.util.TreeMap<>();
    for (String name : filesIn(dir)) {
      sizes.put(name, Files.size(dir.resolve(name)));
    }
    return sizes;
  }

  private static Path copy(String fixture, Path target) throws IOException {
    Path source = FIXTURES.resolve(fixture);
    assumeTrue(Files.isDirectory(source), "fixture missing: " + source);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    return target;
  }

  /** A copy of a fixture whose first meta graph {@code edit} rewrote. */
  private Path edited(String fixture, UnaryOperator<MetaGraphDef> edit) throws IOException {
    Path target = copy(fixture, tmp.resolve(fixture));
    Path pb = target.resolve("saved_model.pb");
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
    Files.write(pb, model.toBuilder().setMetaGraphs(0, edit.apply(model.getMetaGraphs(0))).build().toByteArray());
    return target;
  }
}
