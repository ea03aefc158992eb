package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * A SavedModel whose graph is a chain of {@code args[0]} Identity ops, loaded with {@link
 * SavedModelOptions#noCallTimeout()} and called once, then from a thread with a 256 KiB stack, where
 * its calls run; run by {@link CallerThreadCallsTest} in a child JVM, since a native stack overflow
 * kills the process. Prints each call's output.
 */
public final class DeepChainCalls {
  private DeepChainCalls() {}

  public static void main(String[] args) throws Exception {
    Path dir = HostileSavedModels.edited("half_plus_two_tf1", Files.createTempDirectory("jkeras-deep-chain"),
        HostileSavedModels.identityChain(Integer.parseInt(args[0])));
    FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
    try (ImportedModel model = TfImportedModel.load(dir, SavedModelOptions.defaults().noCallTimeout())) {
      print("first call", model, x);
      Thread small = new Thread(null, () -> {
        for (int i = 0; i < 3; i++) {
          print("small-stack call " + i, model, x);
        }
      }, "small-stack caller", 256 * 1024);
      small.start();
      small.join();
    }
  }

  private static void print(String what, ImportedModel model, FloatNdArray x) {
    FloatNdArray y = (FloatNdArray) model.call("serving_default", Map.of("x", x)).get("y");
    System.out.println(what + ": y=" + Arrays.deepToString(StdArrays.array2dCopyOf(y)));
  }
}
