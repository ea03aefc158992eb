package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.ops.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * CSV files read as {@code make_csv_dataset} resolves them (header, names, selection, inferred or given
 * types, defaults, label), with values read as TensorFlow's DecodeCSV kernel reads them: every line is
 * also decoded by that kernel and must give the same columns.
 */
class CsvFileTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static final String HOUSING = "rooms,price,city,id,ratio\n"
      + "3,250000.5,\"Paris, FR\",1,0.5\n"
      + "4,,Lyon,9000000000,1e3\n"
      + "2,99.25,\"say \"\"hi\"\"\",3,\n";

  @Test
  void typesAreInferredAsMakeCsvDatasetInfersThem() throws IOException {
    CsvData data = CsvFile.read(write("housing.csv", HOUSING), CsvOptions.defaults().labelName("price"));
    List<DType> types = data.schema().columns().stream().map(CsvColumn::dtype).toList();
    assertEquals(List.of(DType.INT32, DType.FLOAT32, DType.STRING, DType.INT64, DType.FLOAT32), types);
    assertEquals(List.of("rooms", "city", "id", "ratio"), List.copyOf(data.features().keySet()));
    assertEquals(3, data.rows());
    FloatNdArray price = (FloatNdArray) data.labels().orElseThrow();
    assertEquals(250000.5f, price.getFloat(0));
    assertEquals(0f, price.getFloat(1), "an empty field of an inferred column reads as 0");
    assertEquals("Paris, FR", data.feature("city").getObject(0));
    assertEquals("say \"hi\"", data.feature("city").getObject(2));
    assertEquals(9_000_000_000L, ((LongNdArray) data.feature("id")).getLong(1));
    assertEquals(1000f, ((FloatNdArray) data.feature("ratio")).getFloat(1));
  }

  /** TensorFlow's DecodeCSV kernel, on the same data lines with the same schema, gives the same columns. */
  @Test
  void tensorFlowsDecodeCsvKernelAgrees() throws IOException {
    String text = HOUSING + " 7 ,  -1.5e-3 ,x, -42 , inf\n5,0x10,y,0,NaN\n";
    Path file = write("agree.csv", text);
    CsvOptions options = CsvOptions.defaults().columnDefaults(DType.INT32, 0.5f, "?", 7L, -1d);
    CsvData java = CsvFile.read(file, options);
    List<String> lines = text.lines().skip(1).toList();
    NdArray<String> records = NdArrays.ofObjects(String.class, org.tensorflow.ndarray.Shape.of(lines.size()));
    for (int i = 0; i < lines.size(); i++) {
      records.setObject(lines.get(i), i);
    }
    List<NdArray<?>> tf = Ops.decodeCsv(records, java.schema().recordDefaults());
    assertEquals(5, tf.size());
    List<NdArray<?>> ours = new ArrayList<>(java.features().values());
    for (int k = 0; k < 5; k++) {
      assertEquals(tf.get(k), ours.get(k), "column " + k + ": TensorFlow " + tf.get(k) + ", jkeras " + ours.get(k));
    }
    assertEquals(16f, ((FloatNdArray) ours.get(1)).getFloat(4), "hexadecimal, as TensorFlow's float parser");
    assertTrue(Double.isNaN(((DoubleNdArray) ours.get(4)).getDouble(4)));
  }

  @Test
  void selectedColumnsDefaultsAndNaValues() throws IOException {
    Path file = write("na.csv", "a;b;c\n1;NA;x\nNA;2;y\n");
    CsvData data = CsvFile.read(file, CsvOptions.defaults().fieldDelim(';').naValue("NA").selectColumns("a", "b")
        .columnDefaults(-1, 5L));
    assertEquals(List.of("a", "b"), List.copyOf(data.features().keySet()));
    assertArrayEquals(new int[] {1, -1}, new int[] {((IntNdArray) data.feature("a")).getInt(0),
        ((IntNdArray) data.feature("a")).getInt(1)});
    assertEquals(5L, ((LongNdArray) data.feature("b")).getLong(0));
    assertEquals(List.of(0, 1), data.schema().selectCols());
    assertFalse(data.labels().isPresent());
  }

  @Test
  void columnNamesWithoutAHeader() throws IOException {
    Path file = write("noheader.csv", "1,2\n\n3,4\n");
    CsvData data = CsvFile.read(file, CsvOptions.defaults().header(false).columnNames("x", "y").labelName("y"));
    assertEquals(2, data.rows(), "blank lines are skipped");
    assertEquals(3, ((IntNdArray) data.feature("x")).getInt(1));
    FloatNdArray matrix = data.featureMatrix();
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 1), matrix.shape());
    assertEquals(3f, matrix.getFloat(1, 0));
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsNamesTheFileAndLine() throws IOException {
    Path file = write("wide.csv", "a,b\n1,2\n3,4\n5,6,7\n");
    CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvFile.read(file));
    assertEquals(4, e.line());
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("wide.csv line 4") && e.getMessage().contains("expected 2 fields, got 3"),
        e.getMessage());
    // the same line fails in TensorFlow's kernel
    IllegalArgumentException tf = assertThrows(IllegalArgumentException.class,
        () -> Ops.decodeCsv(NdArrays.vectorOfObjects("5,6,7"), List.of(NdArrays.scalarOf(0), NdArrays.scalarOf(0))));
    assertTrue(tf.getMessage().contains("Expect 2 fields but have 3"), tf.getMessage());
  }

  @Test
  void anUnparsableValueNamesTheLineColumnAndValue() throws IOException {
    Path file = write("bad.csv", "n,x\n1,2\n2,abc\n");
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvFile.read(file, CsvOptions.defaults().columnDefaults(DType.INT32, 0f)));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("column 'x' (field 2)") && e.getMessage().contains("'abc' is not a valid float32"),
        e.getMessage());

    Path overflow = write("overflow.csv", "n\n3000000000\n");
    CsvFormatException big = assertThrows(CsvFormatException.class,
        () -> CsvFile.read(overflow, CsvOptions.defaults().columnDefaults(DType.INT32)));
    assertTrue(big.getMessage().contains("'3000000000' is not a valid int32"), big.getMessage());
  }

  @Test
  void aMissingRequiredValueAndBadQuotingAreNamed() throws IOException {
    Path file = write("required.csv", "a,b\n1,\n");
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvFile.read(file, CsvOptions.defaults().columnDefaults(DType.INT32, DType.FLOAT32)));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("empty")
        && e.getMessage().contains("no default"), e.getMessage());

    Path quotes = write("quotes.csv", "a,b\n1,\"open\n");
    CsvFormatException q = assertThrows(CsvFormatException.class, () -> CsvFile.read(quotes));
    assertTrue(q.getMessage().contains("line 2") && q.getMessage().contains("never closes"), q.getMessage());
    Path inner = write("inner.csv", "a,b\n1,x\"y\n");
    assertTrue(assertThrows(CsvFormatException.class, () -> CsvFile.read(inner)).getMessage()
        .contains("quote inside an unquoted value"));
  }

  @Test
  void optionsThatDoNotFitTheFileAreRefused() throws IOException {
    Path file = write("fit.csv", "a,b\n1,2\n");
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> CsvFile.read(file, CsvOptions.defaults().labelName("z")));
    assertTrue(label.getMessage().contains("'z'") && label.getMessage().contains("[a, b]"), label.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CsvFile.read(file, CsvOptions.defaults().selectColumns("q")));
    assertThrows(IllegalArgumentException.class, () -> CsvFile.read(file, CsvOptions.defaults().columnDefaults(1)));
    assertThrows(IllegalArgumentException.class, () -> CsvFile.read(file, CsvOptions.defaults().columnNames("x")));
    assertThrows(IllegalArgumentException.class, () -> CsvFile.read(write("dup.csv", "a,a\n1,2\n")));
    assertThrows(IllegalArgumentException.class, () -> CsvFile.read(write("empty.csv", "")));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> CsvFile.read(dir.resolve("nope.csv")));
    assertTrue(missing.getMessage().contains("nope.csv"), missing.getMessage());
    IllegalStateException strings = assertThrows(IllegalStateException.class,
        () -> CsvFile.read(write("s.csv", "a,b\n1,x\n")).featureMatrix());
    assertTrue(strings.getMessage().contains("[b]"), strings.getMessage());
  }

  @Test
  void theColumnsGoStraightIntoFit() throws IOException {
    StringBuilder text = new StringBuilder("x1,x2,y\n");
    for (int i = 0; i < 64; i++) {
      text.append(i % 8).append(',').append(i % 5 * 0.5).append(',').append(2 * (i % 8) - (i % 5 * 0.5)).append('\n');
    }
    CsvData data = CsvFile.read(write("fit.csv", text.toString()), CsvOptions.defaults().labelName("y"));
    try (var model = new dev.jkeras.models.Sequential(new dev.jkeras.layers.Dense(1).inputShape(2))) {
      model.compile("adam", "mse");
      var history = model.fit(data.featureMatrix(), data.labels().orElseThrow(),
          fit -> fit.epochs(2).batchSize(16).verbose(0));
      assertEquals(2, history.history().get("loss").size());
      assertTrue(Double.isFinite(history.history().get("loss").get(1)));
    }
  }

  @Test
  void decodeCsvRunsInATracedGraphWithSelectedColumns() {
    try (var graph = dev.jkeras.backend.Backends.get().newGraph("csv")) {
      var function = graph.trace(() -> {
        var lines = graph.placeholder("lines", DType.STRING, dev.jkeras.Shape.of(dev.jkeras.Shape.UNKNOWN));
        List<dev.jkeras.KerasTensor> columns = Ops.decodeCsv(lines, List.of(NdArrays.scalarOf(0f),
            NdArrays.scalarOfObject("none")), "|", true, "NA", List.of(0, 2));
        assertEquals(2, columns.size());
        assertEquals(DType.STRING, columns.get(1).dtype());
        return graph.function(List.of(lines), columns, List.of());
      });
      List<NdArray<?>> out = function.call(List.of(graph.feed(NdArrays.vectorOfObjects("1.5|x|\"a|b\"", "NA|y|"))));
      assertEquals(1.5f, ((FloatNdArray) out.get(0)).getFloat(0));
      assertEquals(0f, ((FloatNdArray) out.get(0)).getFloat(1));
      assertEquals("a|b", out.get(1).getObject(0));
      assertEquals("none", out.get(1).getObject(1));
    }
  }

  @Test
  void decodeCsvArgumentsAreChecked() {
    NdArray<String> lines = NdArrays.vectorOfObjects("1,2");
    assertThrows(IllegalArgumentException.class, () -> Ops.decodeCsv(lines, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Ops.decodeCsv(lines, List.of(NdArrays.scalarOf(0)), ",,", true, "", List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Ops.decodeCsv(lines, List.of(NdArrays.scalarOf(0)), ",", true, "", List.of(0, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> Ops.decodeCsv(lines, List.of(NdArrays.vectorOf(1, 2), NdArrays.scalarOf(0))));
    IllegalArgumentException required = assertThrows(IllegalArgumentException.class,
        () -> Ops.decodeCsv(NdArrays.vectorOfObjects("1,"), List.of(NdArrays.scalarOf(0),
            NdArrays.ofInts(org.tensorflow.ndarray.Shape.of(0)))));
    assertTrue(required.getMessage().contains("required"), required.getMessage());
  }

  @Test
  void theReaderStreamsTypedRows() throws IOException {
    Path file = write("rows.csv", "a,b\n1,x\n2,y\n");
    try (CsvReader reader = CsvReader.open(file, CsvOptions.defaults())) {
      assertArrayEquals(new Object[] {1, "x"}, reader.next());
      assertEquals(2, reader.lineNumber());
      assertArrayEquals(new Object[] {2, "y"}, reader.next());
      assertFalse(reader.hasNext());
    }
  }
}
