package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.MetaGraphDef;

/**
 * The SavedModels that killed the JVM with SIGSEGV before {@link GraphLimits} and {@link NativeThreads}
 * (a function calling itself, at load; a chain of 5,000 Identity ops, at the first call), loaded and
 * called in this process; run by {@link SavedModelLimitsTest} in a child JVM. Prints one line per case.
 */
public final class CrashingSavedModels {
  private CrashingSavedModels() {}

  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("jkeras-crashing");
    Path selfCalling = HostileSavedModels.edited("half_plus_two_tf1", tmp.resolve("self"), meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      b.getGraphDefBuilder().getLibraryBuilder().addFunction(HostileSavedModels.function("loop",
          org.tensorflow.proto.NodeDef.newBuilder().setName("again").setOp("loop").addInput("a"), "again:o:0"));
      b.getGraphDefBuilder().addNode(org.tensorflow.proto.NodeDef.newBuilder().setName("rec").setOp("loop")
          .addInput("x"));
      return b.putSignatureDef("serving_default", HostileSavedModels.floatSignature("rec:0")).build();
    });
    report("self-calling function", selfCalling);
    report("5000 Identity ops", HostileSavedModels.edited("half_plus_two_tf1", tmp.resolve("chain"),
        HostileSavedModels.identityChain(5_000)));
  }

  private static void report(String name, Path dir) {
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults())) {
      FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
      FloatNdArray y = (FloatNdArray) model.call("serving_default", Map.of("x", x)).get("y");
      System.out.println(name + ": y=" + java.util.Arrays.deepToString(StdArrays.array2dCopyOf(y)));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.out.println(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
