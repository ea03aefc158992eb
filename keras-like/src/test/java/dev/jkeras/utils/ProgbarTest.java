package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private long now;

  private Progbar progbar(int target, int verbose, boolean dynamic) {
    return new Progbar(target, verbose, out, dynamic, () -> now);
  }

  private String printed() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, Double> logs() {
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", 0.71239);
    logs.put("accuracy", 0.76531);
    return logs;
  }

  @Test
  void finalLineMatchesKeras() {
    Progbar bar = progbar(1719, 1, false);
    now = 3_300_000_000L;
    bar.update(1719, logs(), true);
    assertEquals("1719/1719 [==============================] - 3s 2ms/step - loss: 0.7124 - accuracy: 0.7653\n",
        printed());
  }

  @Test
  void nonInteractiveOutputPrintsOnlyTheFinalLine() {
    Progbar bar = progbar(10, 1, false);
    for (int step = 1; step < 10; step++) {
      now += 1_000_000_000L;
      bar.update(step, logs(), false);
    }
    assertEquals("", printed());
    bar.update(10, logs(), true);
    assertEquals(1, printed().split("\n").length);
  }

  @Test
  void dynamicBarRedrawsInPlaceAtMostEvery50ms() {
    Progbar bar = progbar(4, 1, true);
    now = 100_000_000L;
    bar.update(1, logs(), false);
    now += 10_000_000L;
    bar.update(2, logs(), false);
    String afterTwo = printed();
    assertEquals(1, afterTwo.chars().filter(c -> c == '\r').count(), afterTwo);
    assertTrue(afterTwo.contains("1/4 [======>.......................] - ETA: "), afterTwo);
    now += 60_000_000L;
    bar.update(3, logs(), false);
    bar.update(4, logs(), true);
    String all = printed();
    assertEquals(3, all.chars().filter(c -> c == '\r').count(), all);
    assertTrue(all.endsWith("\n"));
  }

  @Test
  void verboseTwoPrintsOneLinePerEpoch() {
    Progbar bar = progbar(100, 2, false);
    now = 2_000_000_000L;
    bar.update(50, logs(), false);
    bar.update(100, logs(), true);
    assertEquals("100/100 - 2s - 20ms/step - loss: 0.7124 - accuracy: 0.7653\n", printed());
  }

  @Test
  void verboseZeroIsSilent() {
    Progbar bar = progbar(3, 0, true);
    bar.update(3, logs(), true);
    assertEquals("", printed());
  }

  @Test
  void numbersAndTimesAreFormattedAsKerasDoes() {
    assertEquals("1.2340e-04", Progbar.format(0.0001234));
    assertEquals("0.0000", Progbar.format(0));
    assertEquals("12.5000", Progbar.format(12.5));
    assertEquals("2s/step", Progbar.perStep(4, 2));
    assertEquals("3ms/step", Progbar.perStep(0.3, 100));
    assertEquals("250us/step", Progbar.perStep(0.025, 100));
  }

  @Test
  void unknownTargetShowsACounter() {
    Progbar bar = progbar(-1, 1, false);
    now = 1_000_000_000L;
    bar.update(7, Map.of(), true);
    assertTrue(printed().startsWith("7 "), printed());
  }
}
