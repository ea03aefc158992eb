package dev.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.utils.Progbar;
import dev.jkeras.utils.ProgbarStyle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3's progress output is the judge: {@code oracle/progbar.py} drives {@code keras.utils.Progbar}
 * and {@code keras.callbacks.ProgbarLogger} with a scripted clock, and the same calls on jkeras's
 * Progbar and ProgbarLogger must print the same bytes (on a terminal), or Keras's final line without
 * its control codes (elsewhere).
 */
class ProgbarOracleTest {
  private static final Map<String, Object> CASES = new LinkedHashMap<>();
  private static final Map<String, BiFunction<PrintStream, Boolean, Void>> JAVA = new LinkedHashMap<>();
  private static Map<String, String> keras;

  /** A scripted clock: the time the next read returns, in seconds as Keras's {@code time.time()}. */
  private static final class Clock {
    double now;

    long nanos() {
      return Math.round(now * 1e9);
    }
  }

  private record Update(int current, double time, Map<String, Double> values, Boolean last) {}

  private static Update update(int current, double time, Boolean finalize, Object... namesAndValues) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
    }
    return new Update(current, time, values, finalize);
  }

  private static void progbarCase(String name, Integer target, int verbose, double start, Update... updates) {
    List<Object> kerasUpdates = new ArrayList<>();
    for (Update u : updates) {
      List<List<Object>> values = new ArrayList<>();
      u.values().forEach((k, v) -> values.add(List.of(k, v)));
      kerasUpdates.add(Arrays.asList(u.current(), u.time(), values, u.last()));
    }
    CASES.put(name, params("kind", "progbar", "target", target, "verbose", verbose, "start", start,
        "updates", kerasUpdates));
    JAVA.put(name, (out, dynamic) -> {
      Clock clock = new Clock();
      clock.now = start;
      Progbar bar = new Progbar(target == null ? -1 : target, verbose, out, dynamic, clock::nanos,
          ProgbarStyle.KERAS_3);
      for (Update u : updates) {
        clock.now = u.time();
        if (u.last() == null) {
          bar.update(u.current(), u.values());
        } else {
          bar.update(u.current(), u.values(), u.last());
        }
      }
      return null;
    });
  }

  private record Event(double time, String method, Integer arg, Map<String, Double> logs) {}

  private static Event event(double time, String method, Integer arg, Object... namesAndValues) {
    return new Event(time, method, arg, update(0, 0, null, namesAndValues).values());
  }

  /** A logger case; Keras's evaluate passes epochs=1, which jkeras's evaluate leaves out. */
  private static void loggerCase(String name, Map<String, Object> kerasParams, Map<String, Object> javaParams,
      double start, Event... events) {
    List<Object> kerasEvents = new ArrayList<>();
    for (Event e : events) {
      kerasEvents.add(Arrays.asList(e.time(), e.method(), e.arg(), e.logs()));
    }
    CASES.put(name, params("kind", "logger", "params", kerasParams, "start", start, "events", kerasEvents));
    JAVA.put(name, (out, dynamic) -> {
      Clock clock = new Clock();
      clock.now = start;
      ProgbarLogger logger = new ProgbarLogger(ProgbarStyle.KERAS_3, out, dynamic, clock::nanos);
      Map<String, Object> params = new HashMap<>(javaParams);
      params.putIfAbsent("steps", -1);
      logger.setParams(params);
      for (Event e : events) {
        clock.now = e.time();
        dispatch(logger, e);
      }
      return null;
    });
  }

  private static void dispatch(ProgbarLogger logger, Event e) {
    Map<String, Double> logs = e.logs();
    Map<String, Consumer<Integer>> methods = Map.of(
        "on_train_begin", arg -> logger.onTrainBegin(logs),
        "on_epoch_begin", arg -> logger.onEpochBegin(arg, logs),
        "on_train_batch_end", arg -> logger.onTrainBatchEnd(arg, logs),
        "on_epoch_end", arg -> logger.onEpochEnd(arg, logs),
        "on_test_begin", arg -> logger.onTestBegin(logs),
        "on_test_batch_end", arg -> logger.onTestBatchEnd(arg, logs),
        "on_test_end", arg -> logger.onTestEnd(logs),
        "on_predict_begin", arg -> logger.onPredictBegin(logs),
        "on_predict_batch_end", arg -> logger.onPredictBatchEnd(arg, logs),
        "on_predict_end", arg -> logger.onPredictEnd(logs));
    methods.get(e.method()).accept(e.arg());
  }

  private static Map<String, Object> params(Object... namesAndValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  static {
    progbarCase("throttled redraws, then the final line", 4, 1, 1000.0,
        update(1, 1000.1, false, "loss", 0.71239, "accuracy", 0.76531),
        update(2, 1000.11, false, "loss", 0.7),
        update(3, 1000.2, false, "loss", 0.65),
        update(4, 1000.31, true, "loss", 0.0001234));
    progbarCase("a long epoch: four-digit counter, minutes and hours of ETA", 1719, 1, 50.0,
        update(1, 53.0, false, "loss", 2.5),
        update(2, 60.0, false, "loss", 2.25),
        update(30, 61.0, false, "loss", 1.125),
        update(1719, 64.7, true, "loss", 0.5, "accuracy", 0.8, "val_loss", 0.6, "val_accuracy", 0.75));
    progbarCase("a shorter line is padded over the longer one", 3, 1, 0.0,
        update(1, 4000.0, false, "loss", 123.456, "mean_absolute_error", 0.3),
        update(2, 4000.1, false),
        update(3, 4000.2, true));
    progbarCase("numbers: exact rounding, tiny, zero, negative, nan, inf", 2, 1, 10.0,
        update(1, 10.5, false, "a", 1.00005, "b", 0.12345, "c", 0.0, "d", -0.0001234, "e", -2.5),
        update(2, 11.0, true, "f", Double.NaN, "g", Double.POSITIVE_INFINITY, "h", Double.NEGATIVE_INFINITY,
            "i", 0.001, "j", 12.5));
    progbarCase("microseconds per step", 10000, 1, 5.0,
        update(1, 5.001, false),
        update(10000, 5.0035, true, "loss", 0.25));
    progbarCase("seconds per step and a default finalize", 3, 1, 0.0,
        update(1, 2.0, null, "loss", 0.5),
        update(3, 9.5, null, "loss", 0.25));
    progbarCase("unknown target", null, 1, 100.0,
        update(3, 101.0, false, "loss", 0.5),
        update(7, 101.4, true, "loss", 0.25));
    progbarCase("verbose 2 prints one line, negative values in %.4e", 100, 2, 0.0,
        update(1, 0.5, false, "loss", 0.7),
        update(50, 1.0, false, "loss", 0.6),
        update(100, 2.48, true, "loss", 0.71239, "delta", -0.5, "small", 0.0005));
    progbarCase("verbose 0 is silent", 3, 0, 0.0,
        update(1, 1.0, false), update(3, 2.0, true));

    loggerCase("fit, two epochs: Epoch lines, sorted logs, silent validation",
        params("verbose", 1, "epochs", 2, "steps", 2), params("verbose", 1, "epochs", 2, "steps", 2), 1000.0,
        event(1000.0, "on_train_begin", null),
        event(1000.0, "on_epoch_begin", 0),
        event(1000.5, "on_train_batch_end", 0, "loss", 0.5, "accuracy", 0.25),
        event(1001.0, "on_train_batch_end", 1, "loss", 0.4, "accuracy", 0.3),
        event(1001.1, "on_test_begin", null),
        event(1001.15, "on_test_batch_end", 0, "loss", 0.6, "accuracy", 0.2),
        event(1001.18, "on_test_end", null, "loss", 0.6, "accuracy", 0.2),
        event(1001.2, "on_epoch_end", 0, "loss", 0.4, "accuracy", 0.3, "val_loss", 0.6, "val_accuracy", 0.2),
        event(1001.2, "on_epoch_begin", 1),
        event(1001.7, "on_train_batch_end", 0, "loss", 0.3, "accuracy", 0.5),
        event(1002.3, "on_train_batch_end", 1, "loss", 0.2, "accuracy", 0.6),
        event(1002.4, "on_epoch_end", 1, "loss", 0.2, "accuracy", 0.6, "val_loss", 0.5, "val_accuracy", 0.4));
    loggerCase("fit, one epoch, verbose 2: no Epoch line, one line per epoch",
        params("verbose", 2, "epochs", 1, "steps", 3), params("verbose", 2, "epochs", 1, "steps", 3), 0.0,
        event(0.0, "on_train_begin", null),
        event(0.0, "on_epoch_begin", 0),
        event(0.7, "on_train_batch_end", 0, "mae", 0.5, "loss", 0.25),
        event(0.9, "on_train_batch_end", 1, "mae", 0.4, "loss", 0.2),
        event(1.1, "on_train_batch_end", 2, "mae", 0.3, "loss", 0.1),
        event(1.2, "on_epoch_end", 0, "mae", 0.3, "loss", 0.1));
    loggerCase("evaluate", params("verbose", 1, "epochs", 1, "steps", 2), params("verbose", 1, "steps", 2), 7.0,
        event(7.0, "on_test_begin", null),
        event(7.2, "on_test_batch_end", 0, "loss", 0.5, "compile_metrics", 0.1),
        event(7.3, "on_test_batch_end", 1, "loss", 0.4, "compile_metrics", 0.2),
        event(7.31, "on_test_end", null, "loss", 0.4, "compile_metrics", 0.2));
    loggerCase("predict with an unknown number of steps", params("verbose", 1, "epochs", 1, "steps", null),
        params("verbose", 1), 3.0,
        event(3.0, "on_predict_begin", null),
        event(3.25, "on_predict_batch_end", 0),
        event(3.5, "on_predict_batch_end", 1),
        event(3.6, "on_predict_end", null));
  }

  @TempDir static Path directory;

  @BeforeAll
  static void askKeras() throws IOException {
    KerasOracle.assumeAvailable();
    Path spec = directory.resolve("cases.json");
    Files.writeString(spec, new Gson().newBuilder().serializeNulls().serializeSpecialFloatingPointValues()
        .create().toJson(CASES));
    String output = KerasOracle.run("progbar.py", spec.toString());
    keras = new Gson().fromJson(output.lines().reduce((a, b) -> b).orElseThrow(),
        new TypeToken<Map<String, String>>() {}.getType());
  }

  private static String javaPrints(String name, boolean dynamic) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    JAVA.get(name).apply(new PrintStream(buffer, true, StandardCharsets.UTF_8), dynamic);
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyCasePrintsWhatKerasPrints() {
    for (String name : CASES.keySet()) {
      assertEquals(printable(keras.get(name)), printable(javaPrints(name, true)), name);
    }
  }

  @Test
  void offATerminalABarPrintsKerassFinalLineWithoutControlCodes() {
    int checked = 0;
    for (String name : CASES.keySet()) {
      String printed = keras.get(name);
      if (name.startsWith("fit") || !printed.contains("\r")) {
        continue;
      }
      String finalLine = printed.substring(printed.lastIndexOf('\r') + 1)
          .replaceAll("\u001b\\[[0-9;]*m", "").replaceAll(" +\n$", "\n");
      assertEquals(finalLine, javaPrints(name, false), name);
      checked++;
    }
    assertEquals(9, checked);
  }

  @Test
  void offATerminalFitPrintsItsEpochLinesAndEachEpochsFinalLine() {
    assertEquals("Epoch 1/2\n"
        + "2/2 \u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501"
        + " 1s 700ms/step - accuracy: 0.3000 - loss: 0.4000 - val_accuracy: 0.2000 - val_loss: 0.6000\n"
        + "Epoch 2/2\n"
        + "2/2 \u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501"
        + " 1s 700ms/step - accuracy: 0.6000 - loss: 0.2000 - val_accuracy: 0.4000 - val_loss: 0.5000\n",
        javaPrints("fit, two epochs: Epoch lines, sorted logs, silent validation", false));
  }

  @Test
  void theCasesCoverWhatTheyClaim() {
    assertEquals(13, CASES.size());
    String all = String.join("", keras.values());
    for (String expected : List.of("\u2501", "Epoch 1/2", "3:20:19", "7:45", "us/step", "s/step", "Unknown", "nan",
        "1.2340e-04", "-5.0000e-01", "\b", "accuracy: 0.3000 - loss: 0.4000 - val_accuracy")) {
      assertEquals(true, all.contains(expected), "no case shows " + expected);
    }
  }

  /** Control characters spelled out, so that a failure shows where the bytes differ. */
  private static String printable(String text) {
    return text == null ? null : text.replace("\u001b", "<ESC>").replace("\b", "<BS>").replace("\r", "<CR>");
  }
}
