package dev.jkeras.backend.tensorflow;

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
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
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
      assertEquals(java.util.List.of("graph node 'leak'"), model.ops().get("ReadFile"));
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

  /** A copy of a fixture whose first meta graph {@code edit} rewrote. */
  private Path edited(String fixture, UnaryOperator<MetaGraphDef> edit) throws IOException {
    Path source = FIXTURES.resolve(fixture);
    assumeTrue(Files.isDirectory(source), "fixture missing: " + source);
    Path target = tmp.resolve(fixture);
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
    Path pb = target.resolve("saved_model.pb");
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
    Files.write(pb, model.toBuilder().setMetaGraphs(0, edit.apply(model.getMetaGraphs(0))).build().toByteArray());
    return target;
  }
}
