package dev.jkeras.backend.tensorflow.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.backend.tensorflow.ChildJvm;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * SavedModels loaded with {@link SavedModelOptions#noCallTimeout()}: after a signature's first call
 * (on a large-stack native thread) its calls run on the caller's thread, with the same results and
 * errors as calls with a deadline, from many threads at once, and on a caller with a small stack.
 */
class CallerThreadCallsTest {
  private static final FloatNdArray X = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
  private static final float[][] HALF_PLUS_TWO = {{2.5f}, {3f}, {3.5f}};

  @BeforeAll
  static void fixtures() {
    assumeTrue(Files.isDirectory(HostileSavedModels.FIXTURES), "fixtures missing: " + HostileSavedModels.FIXTURES);
  }

  private static float[][] y(ImportedModel model, FloatNdArray x) {
    return StdArrays.array2dCopyOf((FloatNdArray) model.call("serving_default", Map.of("x", x)).get("y"));
  }

  @Test
  void callsWithoutATimeoutGiveTheSameResultsFromEightThreads() throws Exception {
    try (ImportedModel model = TfImportedModel.load(HostileSavedModels.FIXTURES.resolve("half_plus_two_tf1"),
        SavedModelOptions.defaults().noCallTimeout())) {
      assertArrayEquals(HALF_PLUS_TWO, y(model, X));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          float value = t;
          futures.add(pool.submit(() -> {
            FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{value}});
            for (int i = 0; i < 20; i++) {
              assertArrayEquals(new float[][] {{value / 2 + 2}}, y(model, x));
            }
            return null;
          }));
        }
        for (Future<?> future : futures) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aCallerThreadCallChecksItsInputsAsEveryCallDoes() {
    try (ImportedModel model = TfImportedModel.load(HostileSavedModels.FIXTURES.resolve("half_plus_two_tf1"),
        SavedModelOptions.defaults().noCallTimeout())) {
      assertArrayEquals(HALF_PLUS_TWO, y(model, X));
      IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
          () -> y(model, StdArrays.ndCopyOf(new float[] {1, 2})));
      assertTrue(shape.getMessage().contains("Input 'x' of signature 'serving_default' must have shape"),
          shape.getMessage());
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of()));
      assertTrue(missing.getMessage().contains("needs input 'x'"), missing.getMessage());
      model.close();
      IllegalStateException closed = assertThrows(IllegalStateException.class, () -> y(model, X));
      assertTrue(closed.getMessage().contains("was closed"), closed.getMessage());
    }
  }

  @Test
  void aDeepGraphRunsOnASmallStackCallerOnceItsFirstCallHasRun() throws Exception {
    ChildJvm.Outcome outcome = ChildJvm.run(DeepChainCalls.class, 180, "15000");
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("first call: y=[[2.5], [3.0], [3.5]]"), outcome.output());
    assertTrue(outcome.output().contains("small-stack call 2: y=[[2.5], [3.0], [3.5]]"), outcome.output());
  }

  @Test
  void noCallTimeoutIsAnUnboundedTimeoutAndShortTimeoutsAreStillRefused() {
    SavedModelOptions options = SavedModelOptions.defaults().noCallTimeout();
    assertEquals(SavedModelOptions.NO_CALL_TIMEOUT, options.callTimeout());
    assertEquals(SavedModelOptions.DEFAULT_CALL_TIMEOUT, SavedModelOptions.defaults().callTimeout());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedModelOptions.defaults().callTimeout(Duration.ofNanos(999_999)));
    assertTrue(e.getMessage().contains("callTimeout must be at least 1 ms"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SavedModelOptions.defaults().callTimeout(Duration.ofMillis(-5)));
  }
}
