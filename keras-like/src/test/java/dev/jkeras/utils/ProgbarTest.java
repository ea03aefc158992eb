package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarTest {
  private static final long MS = 1_000_000L;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private long now;

  private Progbar progbar(int target, int verbose, boolean dynamic) {
    return new Progbar(target, verbose, out, dynamic, () -> now, ProgbarStyle.TF_KERAS_2);
  }

  private String printed() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private String takePrinted() {
    String text = printed();
    buffer.reset();
    return text;
  }

  private static long count(String text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }

  private static Map<String, Double> logs() {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", 0.71239);
    logs.put("accuracy", 0.76531);
    return logs;
  }

  private static Map<String, Double> logsWithValidation() {
    Map<String, Double> logs = logs();
    logs.put("val_loss", 0.50118);
    logs.put("val_accuracy", 0.82304);
    return logs;
  }

  @Test
  void finalLineOfAnEpochMatchesKeras() {
    Progbar bar = progbar(1719, 1, false);
    now = 300 * MS;
    bar.update(1, logs(), false);
    now = 3300 * MS;
    bar.update(1719, logsWithValidation(), true);
    assertEquals("1719/1719 [==============================] - 3s 2ms/step - loss: 0.7124 - accuracy: 0.7653"
        + " - val_loss: 0.5012 - val_accuracy: 0.8230\n", printed());
  }

  @Test
  void stepTimeLeavesOutTheSlowFirstStep() {
    Progbar bar = progbar(11, 1, false);
    now = 10_000 * MS;
    bar.update(1, Map.of(), false);
    now = 11_000 * MS;
    bar.update(11, Map.of(), true);
    assertEquals("11/11 [==============================] - 11s 100ms/step\n", printed());
  }

  @Test
  void nonInteractiveOutputPrintsOnlyTheFinalLine() {
    Progbar bar = progbar(10, 1, false);
    for (int step = 1; step < 10; step++) {
      now += 1000 * MS;
      bar.update(step, logs(), false);
    }
    assertEquals("", printed());
    now += 1000 * MS;
    bar.update(10, logs(), true);
    assertEquals("10/10 [==============================] - 10s 1s/step - loss: 0.7124 - accuracy: 0.7653\n",
        printed());
    assertFalse(printed().contains("\r"));
  }

  @Test
  void dynamicBarRedrawsInPlaceAtMostEvery50Milliseconds() {
    Progbar bar = progbar(4, 1, true);
    now = 100 * MS;
    bar.update(1, logs(), false);
    assertEquals("\r1/4 [======>.......................] - ETA: 0s - loss: 0.7124 - accuracy: 0.7653",
        takePrinted());

    now += 10 * MS;
    bar.update(2, logs(), false);
    assertEquals("", takePrinted(), "a second update within 0.05 s is not drawn");

    now += 60 * MS;
    bar.update(3, logs(), false);
    assertEquals("\r3/4 [=====================>........] - ETA: 0s - loss: 0.7124 - accuracy: 0.7653",
        takePrinted());

    now += 1 * MS;
    bar.update(4, logs(), true);
    assertEquals("\r4/4 [==============================] - 0s 24ms/step - loss: 0.7124 - accuracy: 0.7653\n",
        takePrinted(), "the final update is drawn whatever the interval");
  }

  @Test
  void dynamicBarClearsTheRestOfALongerPreviousLine() {
    Progbar bar = progbar(3, 1, true);
    now = 4000_000 * MS;
    bar.update(1, Map.of(), false);
    assertEquals("\r1/3 [=========>....................] - ETA: 2:13:20", takePrinted());
    now += 100 * MS;
    bar.update(2, Map.of(), false);
    assertEquals("\r2/3 [===================>..........] - ETA: 0s" + " ".repeat(5), takePrinted());
  }

  @Test
  void verboseTwoPrintsOneLineAtTheEnd() {
    Progbar bar = progbar(100, 2, false);
    now = 500 * MS;
    bar.update(1, logs(), false);
    now = 1000 * MS;
    bar.update(50, logs(), false);
    assertEquals("", printed());
    now = 2480 * MS;
    bar.update(100, logs(), true);
    assertEquals("100/100 - 2s - 20ms/step - loss: 0.7124 - accuracy: 0.7653\n", printed());
  }

  @Test
  void verboseTwoIgnoresDynamicDisplay() {
    Progbar bar = progbar(5, 2, true);
    now = 100 * MS;
    bar.update(1, Map.of(), false);
    now = 600 * MS;
    bar.update(5, Map.of("loss", 2.0), true);
    assertEquals("5/5 - 1s - 125ms/step - loss: 2.0000\n", printed());
  }

  @Test
  void verboseZeroIsSilent() {
    Progbar bar = progbar(3, 0, true);
    for (int step = 1; step <= 3; step++) {
      now += 100 * MS;
      bar.update(step, logs(), step == 3);
    }
    assertEquals("", printed());
  }

  @Test
  void metricsKeepTheirFirstOrderAndLastValue() {
    Progbar bar = progbar(2, 1, false);
    now = 1000 * MS;
    bar.update(1, Map.of("loss", 1.0), false);
    Map<String, Double> last = new LinkedHashMap<>();
    last.put("accuracy", 0.5);
    last.put("loss", 0.25);
    now = 2000 * MS;
    bar.update(2, last, true);
    assertEquals("2/2 [==============================] - 2s 1s/step - loss: 0.2500 - accuracy: 0.5000\n",
        printed());
  }

  @Test
  void reachingTheTargetFinalizesByDefault() {
    Progbar bar = progbar(2, 1, false);
    now = 10 * MS;
    bar.update(1, null);
    assertEquals("", printed());
    now = 20 * MS;
    bar.add(1, null);
    assertEquals("2/2 [==============================] - 0s 10ms/step\n", printed());
  }

  @Test
  void unknownTargetShowsACounterAndElapsedTime() {
    Progbar bar = progbar(-1, 1, false);
    now = 1400 * MS;
    bar.update(7, Map.of("loss", 0.25), true);
    assertEquals("      7/Unknown - 1s 200ms/step - loss: 0.2500\n", printed());
  }

  @Test
  void unknownTargetNeverFinalizesByItselfAndShowsNoEta() {
    Progbar bar = progbar(-1, 1, true);
    now = 2000 * MS;
    bar.update(4, Map.of());
    assertEquals("\r      4/Unknown - 2s 500ms/step", printed());
  }

  @Test
  void metricValuesAreFormattedAsKerasDoes() {
    assertEquals("1.2340e-04", Progbar.formatValue(0.0001234));
    assertEquals("-1.2340e-04", Progbar.formatValue(-0.0001234));
    assertEquals("1.0000e-03", Progbar.formatValue(0.001));
    assertEquals("0.0000", Progbar.formatValue(0));
    assertEquals("0.7124", Progbar.formatValue(0.71239));
    assertEquals("-0.5000", Progbar.formatValue(-0.5));
    assertEquals("12.5000", Progbar.formatValue(12.5));
    assertEquals("nan", Progbar.formatValue(Double.NaN));
    assertEquals("-inf", Progbar.formatValue(Double.NEGATIVE_INFINITY));
  }

  @Test
  void timesAreFormattedAsKerasDoes() {
    assertEquals("2s/step", Progbar.formatStepTime(2));
    assertEquals("0s/step", Progbar.formatStepTime(0));
    assertEquals("3ms/step", Progbar.formatStepTime(0.003));
    assertEquals("250us/step", Progbar.formatStepTime(0.00025));
    assertEquals("12s", Progbar.formatEta(12.9));
    assertEquals("60s", Progbar.formatEta(60));
    assertEquals("1:05", Progbar.formatEta(65.5));
    assertEquals("1:02:05", Progbar.formatEta(3725));
    assertEquals("2s", Progbar.formatSeconds(2.5));
    assertEquals("4s", Progbar.formatSeconds(3.5));
  }

  @Test
  void verboseMustBeZeroOneOrTwo() {
    assertThrows(IllegalArgumentException.class, () -> progbar(10, 3, false));
  }
}
