package dev.jkeras.callbacks;

import static dev.jkeras.callbacks.Fixtures.X;
import static dev.jkeras.callbacks.Fixtures.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.optimizers.SGD;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.index.Indices;

/** CSVLogger writes Keras's file: sorted columns, Python floats, \r\n rows, append mode. */
class CSVLoggerTest {
  @TempDir
  Path dir;

  private static Model model() {
    Model model = Fixtures.regression(new SGD(0.01));
    model.compile(new SGD(0.01), "mse", "mae");
    return model;
  }

  private static List<String> rows(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\r\n"), "rows end in \\r\\n as Python's csv writes them");
    return Arrays.asList(text.substring(0, text.length() - 2).split("\r\n", -1));
  }

  @Test
  void outputParsesAndHoldsTheHistory() throws Exception {
    Path file = dir.resolve("training.log");
    var logger = new CSVLogger(file.toString());
    try (Model model = model()) {
      History history = model.fit(X, Y, f -> f.epochs(3).verbose(0)
          .validationData(X.slice(Indices.range(0, 16)), Y.slice(Indices.range(0, 16))).callbacks(logger));
      assertFalse(logger.isOpen());
      List<String> rows = rows(file);
      assertEquals("epoch,loss,mae,val_loss,val_mae", rows.get(0));
      assertEquals(4, rows.size());
      String[] header = rows.get(0).split(",");
      for (int epoch = 0; epoch < 3; epoch++) {
        String[] fields = rows.get(epoch + 1).split(",");
        assertEquals(String.valueOf(epoch), fields[0]);
        for (int c = 1; c < header.length; c++) {
          // Python's repr of the double: parses back to exactly the logged value.
          assertEquals(history.history().get(header[c]).get(epoch), Double.parseDouble(fields[c]), 0.0);
        }
      }
    }
  }

  @Test
  void withoutValidationKerasAddsValColumnsOfNa() throws Exception {
    Path file = dir.resolve("log.csv");
    try (Model model = model()) {
      model.fit(X, Y, f -> f.epochs(2).verbose(0).callbacks(new CSVLogger(file).separator(";")));
    }
    List<String> rows = rows(file);
    assertEquals("epoch;loss;mae;val_loss;val_mae", rows.get(0));
    assertTrue(rows.get(1).matches("0;[0-9.e-]+;[0-9.e-]+;NA;NA"), rows.get(1));
    assertTrue(rows.get(2).startsWith("1;"), rows.get(2));
    assertThrows(IllegalArgumentException.class, () -> new CSVLogger(file).separator(";;"));
  }

  @Test
  void appendModeAppendsWithoutASecondHeader() throws Exception {
    Path file = dir.resolve("log.csv");
    try (Model model = model()) {
      model.fit(X, Y, f -> f.epochs(2).verbose(0).callbacks(new CSVLogger(file).append(true)));
      model.fit(X, Y, f -> f.epochs(3).verbose(0).callbacks(new CSVLogger(file).append(true)));
      List<String> rows = rows(file);
      assertEquals(6, rows.size(), rows.toString());
      assertEquals("epoch,loss,mae,val_loss,val_mae", rows.get(0));
      assertEquals(List.of("0", "1", "0", "1", "2"), rows.subList(1, 6).stream().map(r -> r.split(",")[0]).toList());

      // Without append, the file is overwritten.
      model.fit(X, Y, f -> f.epochs(1).verbose(0).callbacks(new CSVLogger(file)));
      assertEquals(2, rows(file).size());
    }
  }

  @Test
  void appendToAnEmptyFileWritesTheHeader() throws Exception {
    Path file = dir.resolve("empty.csv");
    Files.createFile(file);
    try (Model model = model()) {
      model.fit(X, Y, f -> f.epochs(1).verbose(0).callbacks(new CSVLogger(file).append(true)));
    }
    assertEquals("epoch,loss,mae,val_loss,val_mae", rows(file).get(0));
  }
}
