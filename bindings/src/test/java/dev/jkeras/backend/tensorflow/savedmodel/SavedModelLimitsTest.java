package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.tensorflow.ChildJvm;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.dim;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.floatConst;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.floatSignature;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.function;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.intConst;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.partitionedCall;
import static dev.jkeras.backend.tensorflow.savedmodel.HostileSavedModels.type;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/** Hostile SavedModels get bounded resources: no crash, no hang, no raw TensorFlow text. */
class SavedModelLimitsTest {
  private static final FloatNdArray X = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
  private static final float[][] HALF_PLUS_TWO = {{2.5f}, {3f}, {3.5f}};

  @TempDir Path tmp;

  @BeforeAll
  static void fixtures() {
    assumeTrue(Files.isDirectory(HostileSavedModels.FIXTURES), "fixtures missing: " + HostileSavedModels.FIXTURES);
  }

  private Path edited(UnaryOperator<MetaGraphDef> edit) throws IOException {
    return HostileSavedModels.edited("half_plus_two_tf1", tmp, edit);
  }

  private static IllegalArgumentException refused(Path dir, SavedModelOptions options) {
    return assertThrows(IllegalArgumentException.class, () -> TfImportedModel.load(dir, options).close());
  }

  private static float[][] y(ImportedModel model) {
    return StdArrays.array2dCopyOf((FloatNdArray) model.call("serving_default", Map.of("x", X)).get("y"));
  }

  @Test
  void theSavedModelsThatCrashedTheJvmNowGiveAnErrorOrTheirOutputInAChildJvm() throws Exception {
    ChildJvm.Outcome outcome = ChildJvm.run(CrashingSavedModels.class, 120);
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("self-calling function: IllegalArgumentException: Refusing to load the "
        + "SavedModel") && outcome.output().contains("function 'loop' calls itself (loop -> loop)"), outcome.output());
    assertTrue(outcome.output().contains("5000 Identity ops: y=[[2.5], [3.0], [3.5]]"), outcome.output());
  }

  @Test
  void functionsCallingEachOtherThroughPartitionedCallAttrsAreRefusedBeforeTensorFlowSeesThem() throws IOException {
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().getLibraryBuilder()
          .addFunction(function("ping", partitionedCall("call", "pong", "a"), "call:output:0"))
          .addFunction(function("pong", NodeDef.newBuilder().setName("back").setOp("ping").addInput("a"), "back:o:0"));
      b.getGraphDefBuilder().addNode(partitionedCall("start", "ping", "x"));
      return b.putSignatureDef("serving_default", floatSignature("start:0")).build();
    });
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults());
    assertTrue(e.getMessage().matches("(?s).*function '(ping|pong)' calls itself \\((ping -> pong -> ping|pong -> ping "
        + "-> pong)\\).*"), e.getMessage());
  }

  @Test
  void aChainLongerThanMaxGraphDepthIsRefusedAndRaisingTheLimitLoadsIt() throws IOException {
    Path dir = edited(HostileSavedModels.identityChain(3_000));
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults().maxGraphDepth(2_000));
    assertTrue(e.getMessage().contains("chain of 2001+ dependent ops") && e.getMessage().contains("maxGraphDepth("),
        e.getMessage());
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      assertArrayEquals(HALF_PLUS_TWO, y(model));
    }
    assertThrows(IllegalArgumentException.class, () -> SavedModelOptions.defaults().maxGraphDepth(1_000_000));
  }

  @Test
  void aSavedModelImportedIntoAModelGraphIsHeldToTheDepthItsCallersStackHolds() throws IOException {
    Path dir = edited(HostileSavedModels.identityChain(3_000));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaggedMetaGraph.read(dir, "serve"));
    assertTrue(e.getMessage().contains("longer than the limit of 2000"), e.getMessage());
  }

  @Test
  void functionsNestedDeeperThanTheCapAreRefused() throws IOException {
    int levels = GraphLimits.MAX_CALL_NESTING + 1;
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      for (int i = 0; i < levels; i++) {
        NodeDef.Builder body = i == levels - 1
            ? NodeDef.newBuilder().setName("inner").setOp("Identity").addInput("a").putAttr("T", type(DataType.DT_FLOAT))
            : NodeDef.newBuilder().setName("inner").setOp("f" + (i + 1)).addInput("a");
        b.getGraphDefBuilder().getLibraryBuilder()
            .addFunction(function("f" + i, body, i == levels - 1 ? "inner:output:0" : "inner:o:0"));
      }
      b.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("nested").setOp("f0").addInput("y"));
      return b.putSignatureDef("serving_default", floatSignature("nested:0")).build();
    });
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults());
    assertTrue(e.getMessage().contains("nest " + levels + " calls deep"), e.getMessage());
  }

  @Test
  void a400GbConstantIsRefusedAtLoadNamingTheLimitAndTheOption() throws IOException {
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(floatConst("huge", TensorShapeProto.newBuilder().addDim(dim(100_000_000_000L))));
      return b.putSignatureDef("serving_default", floatSignature("huge:0")).build();
    });
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults());
    assertTrue(e.getMessage().contains("constant graph node 'huge' declares a float tensor of shape [100000000000], "
        + "372.5 GiB, above the memory limit of 4.0 GiB") && e.getMessage().contains(".memoryLimit(bytes)"),
        e.getMessage());
    assertFalse(e.getMessage().contains("tensor_shape {"), "no raw TensorFlow text: " + e.getMessage());
  }

  @Test
  void aConstantWhoseContentDoesNotMatchItsShapeIsRefusedAsCorrupt() throws IOException {
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      NodeDef.Builder constant = floatConst("short", TensorShapeProto.newBuilder().addDim(dim(4)));
      AttrValue.Builder value = constant.getAttrOrThrow("value").toBuilder();
      value.getTensorBuilder().setTensorContent(ByteString.copyFrom(new byte[12]));
      b.getGraphDefBuilder().addNode(constant.putAttr("value", value.build()));
      return b.build();
    });
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults());
    assertTrue(e.getMessage().contains("constant graph node 'short' is corrupt: its shape [4] of float needs 16 bytes, "
        + "but its content has 12"), e.getMessage());
  }

  @Test
  void aFillOfConstantDimensionsBeyondTheLimitIsRefusedAtLoadInSeconds() throws IOException {
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(intConst("dims", 1_000_000, 1_000_000))
          .addNode(floatConst("one", TensorShapeProto.newBuilder(), 1f))
          .addNode(NodeDef.newBuilder().setName("big").setOp("Fill").addInput("dims").addInput("one")
              .putAttr("T", type(DataType.DT_FLOAT)).putAttr("index_type", type(DataType.DT_INT32)));
      return b.putSignatureDef("serving_default", floatSignature("big:0")).build();
    });
    long start = System.nanoTime();
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults());
    assertTrue(e.getMessage().contains("op 'big' (Fill) makes a float tensor of shape [1000000, 1000000], 3.6 TiB"),
        e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "took too long");
  }

  @Test
  void aFillOfDimensionsGivenAtTheCallEndsWithAClearOutOfMemoryError() throws IOException {
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("dims").setOp("Placeholder")
              .putAttr("dtype", type(DataType.DT_INT32)))
          .addNode(floatConst("one", TensorShapeProto.newBuilder(), 1f))
          .addNode(NodeDef.newBuilder().setName("big").setOp("Fill").addInput("dims").addInput("one")
              .putAttr("T", type(DataType.DT_FLOAT)).putAttr("index_type", type(DataType.DT_INT32)));
      var signature = floatSignature("big:0").toBuilder().clearInputs()
          .putInputs("dims", org.tensorflow.proto.TensorInfo.newBuilder().setName("dims:0").setDtype(DataType.DT_INT32)
              .setTensorShape(TensorShapeProto.newBuilder().addDim(dim(2))).build());
      return b.putSignatureDef("serving_default", signature.build()).build();
    });
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      NdArray<Integer> dims = NdArrays.wrap(org.tensorflow.ndarray.Shape.of(2),
          DataBuffers.of(new int[] {1_000_000, 1_000_000}, true, false));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> model.call("serving_default", Map.of("dims", dims)));
      assertTrue(e.getMessage().startsWith("Running signature 'serving_default' of the SavedModel in " + dir
          + " failed: TensorFlow ran out of memory"), e.getMessage());
      assertTrue(ErrorMessages.isTensorFlow(e.getCause()), "TensorFlow's text is kept as the cause");
    }
  }

  @Test
  void aCallPastItsDeadlineEndsWithAClearErrorAndTheModelRecoversWhenTheRunEnds() throws Exception {
    Path dir = edited(meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      // About 200 GFLOP: seconds on any CPU this runs on, far past the 300 ms deadline (a 600 x 600
      // chain of 150 could finish within it on a fast core).
      b.getGraphDefBuilder().addNode(intConst("shape", 800, 800)).addNode(NodeDef.newBuilder().setName("r")
          .setOp("RandomUniform").addInput("shape").putAttr("T", type(DataType.DT_INT32))
          .putAttr("dtype", type(DataType.DT_FLOAT)));
      String previous = "r";
      for (int i = 0; i < 200; i++) {
        b.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("mm" + i).setOp("MatMul").addInput(previous)
            .addInput("r").putAttr("T", type(DataType.DT_FLOAT)));
        previous = "mm" + i;
      }
      return b.putSignatureDef("serving_default", floatSignature(previous + ":0")).build();
    });
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults()
        .callTimeout(Duration.ofMillis(300)))) {
      long start = System.nanoTime();
      IllegalStateException late = assertThrows(IllegalStateException.class, () -> y(model));
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(late.getMessage().contains("did not finish within 300 ms (SavedModelOptions.callTimeout)"),
          late.getMessage());
      assertTrue(millis < 2_000, "the caller waited " + millis + " ms");
      IllegalStateException busy = assertThrows(IllegalStateException.class,
          () -> model.call("regress_x2_to_y3", Map.of("inputs", X)));
      assertTrue(busy.getMessage().contains("still runs in TensorFlow"), busy.getMessage());
      Map<String, NdArray<?>> regressed = null;
      for (int i = 0; i < 600 && regressed == null; i++) {
        try {
          regressed = model.call("regress_x2_to_y3", Map.of("inputs", X));
        } catch (IllegalStateException stillRunning) {
          Thread.sleep(100);
        }
      }
      assertArrayEquals(new float[][] {{3.5f}, {4f}, {4.5f}},
          StdArrays.array2dCopyOf((FloatNdArray) regressed.get("outputs")));
    }
  }

  @Test
  void tensorFlowsInvalidArgumentAtACallBecomesAJkerasErrorWithoutTheNodeDump() throws IOException {
    try (ImportedModel model = TfImportedModel.load(HostileSavedModels.FIXTURES.resolve("half_plus_two_tf1"),
        SavedModelOptions.defaults())) {
      NdArray<String> examples = NdArrays.vectorOfObjects("");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.call("classify_x_to_y", Map.of("inputs", examples)));
      assertSame(IllegalArgumentException.class, e.getClass(), "not TensorFlow's TFInvalidArgumentException");
      assertTrue(e.getMessage().startsWith("Running signature 'classify_x_to_y' of the SavedModel in "), e.getMessage());
      assertTrue(e.getMessage().contains("Feature: x (data type: float) is required but could not be found")
          && e.getMessage().contains("(at op 'ParseExample/ParseExample") && !e.getMessage().contains("[[{{node"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Check the inputs against the signature's specs"), e.getMessage());
      assertTrue(ErrorMessages.isTensorFlow(e.getCause()) && e.getCause().getMessage().contains("[[{{node"));
    }
  }

  @Test
  void aSavedModelPinnedToAGpuRunsOnTheCpuWithSoftPlacement() {
    Path dir = HostileSavedModels.FIXTURES.resolve("half_plus_two_gpu_tf1");
    assumeTrue(Files.isDirectory(dir), "fixture missing: " + dir);
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      assertArrayEquals(HALF_PLUS_TWO, y(model));
    }
  }

  @Test
  void aVariablesIndexThatDoesNotMatchFingerprintPbIsRefused() throws IOException {
    Path dir = HostileSavedModels.copy("half_plus_two_tf2", tmp);
    Path index = dir.resolve("variables/variables.index");
    byte[] bytes = Files.readAllBytes(index);
    bytes[bytes.length - 1] ^= 1;
    Files.write(index, bytes);
    IllegalArgumentException e = refused(dir, SavedModelOptions.defaults());
    assertTrue(e.getMessage().contains("does not match the checkpoint_hash in " + dir.resolve("fingerprint.pb")),
        e.getMessage());
  }

  @Test
  void optionsRefuseLimitsThatCannotBeMet() {
    assertThrows(IllegalArgumentException.class, () -> SavedModelOptions.defaults().memoryLimit(0));
    assertThrows(IllegalArgumentException.class, () -> SavedModelOptions.defaults().callTimeout(Duration.ZERO));
    SavedModelOptions options = SavedModelOptions.defaults().memoryLimit(1L << 20).callTimeout(Duration.ofSeconds(5))
        .maxGraphDepth(500).tags("serve");
    assertEquals(1L << 20, options.memoryLimit());
    assertEquals(Duration.ofSeconds(5), options.callTimeout());
    assertEquals(500, options.maxGraphDepth());
  }
}
