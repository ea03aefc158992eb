package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.ops.FixedLenFeature;
import dev.jkeras.ops.Ops;
import dev.jkeras.ops.ParsedExample;
import dev.jkeras.ops.ParsedSequenceExample;
import dev.jkeras.ops.VarLenFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Examples we write are parsed by TensorFlow's own kernels (ParseExampleV2, ParseSingleExample,
 * ParseSingleSequenceExample), eagerly on arrays and inside a traced graph, including from a TFRecord
 * file TensorFlow's reader read.
 */
class ExampleParsingTest {
  @TempDir
  Path dir;

  private static final Map<String, Object> SPEC = Map.of(
      "x", new FixedLenFeature(Shape.of(2), DType.FLOAT32),
      "label", new FixedLenFeature(Shape.of(), DType.INT64, NdArrays.scalarOf(-1L)),
      "name", new FixedLenFeature(Shape.of(), DType.STRING, NdArrays.scalarOfObject("?")),
      "tags", new VarLenFeature(DType.INT64));

  @SuppressWarnings("unchecked")
  private static Map<String, dev.jkeras.ops.FeatureSpec> spec() {
    return (Map<String, dev.jkeras.ops.FeatureSpec>) (Map<?, ?>) SPEC;
  }

  private static byte[] first() {
    return Example.builder().floats("x", 1.5f, -2f).int64s("label", 7).strings("name", "zoë").int64s("tags", 4, 5, 6)
        .build().toByteArray();
  }

  private static byte[] second() {
    return Example.builder().floats("x", 3f, 4f).build().toByteArray();
  }

  private static NdArray<byte[]> vector(byte[]... records) {
    NdArray<byte[]> out = NdArrays.ofObjects(byte[].class, org.tensorflow.ndarray.Shape.of(records.length));
    for (int i = 0; i < records.length; i++) {
      out.setObject(records[i], i);
    }
    return out;
  }

  /** A bytes feature of raw values comes back as numbers through TensorFlow's DecodeRaw; bad uses are refused. */
  @Test
  void rawBytesDecodeToNumbers() {
    byte[] pixels = {0, 7, (byte) 255};
    byte[] record = Example.builder().bytes("x", pixels).build().toByteArray();
    Dataset parsed = Dataset.fromTensorSlices(vector(record, record)).batch(2).map(serialized -> Ops.decodeRaw(
        Ops.parseExample(serialized, Map.of("x", new FixedLenFeature(Shape.of(), DType.STRING))).get("x"),
        DType.UINT8));
    NdArray<?> decoded = parsed.toList().get(0).get(0);
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 3), decoded.shape());
    assertEquals((byte) 255, decoded.getObject(1, 2));
    assertEquals((byte) 255, Ops.decodeRaw(vector(pixels), DType.UINT8).getObject(0, 2));
    byte[] floats = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1.5f)
        .putFloat(-2f).array();
    FloatNdArray x = (FloatNdArray) Ops.decodeRaw(vector(floats), DType.FLOAT32);
    assertEquals(-2f, x.getFloat(0, 1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Ops.decodeRaw(NdArrays.vectorOf(1f), DType.UINT8))
        .getMessage().contains("string tensor"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Ops.decodeRaw(vector(floats), DType.BOOL))
        .getMessage().contains("bool"));
    String uneven = assertThrows(IllegalArgumentException.class, () -> Ops.decodeRaw(vector(new byte[3]),
        DType.FLOAT32)).getMessage();
    assertTrue(uneven.contains("3") && uneven.contains("4"), uneven);
  }

  @Test
  void parseSingleExampleEagerly() {
    ParsedExample<NdArray<?>> parsed = Ops.parseSingleExample(first(), spec());
    FloatNdArray x = (FloatNdArray) parsed.get("x");
    assertEquals(org.tensorflow.ndarray.Shape.of(2), x.shape());
    assertEquals(1.5f, x.getFloat(0));
    assertEquals(-2f, x.getFloat(1));
    assertEquals(7L, ((LongNdArray) parsed.get("label")).getLong());
    assertEquals("zoë", parsed.get("name").getObject());
    LongNdArray tagValues = (LongNdArray) parsed.sparse("tags").values();
    assertEquals(3, tagValues.size());
    assertEquals(6L, tagValues.getLong(2));
    assertEquals(3L, ((LongNdArray) parsed.sparse("tags").denseShape()).getLong(0));

    ParsedExample<NdArray<?>> defaults = Ops.parseSingleExample(second(), spec());
    assertEquals(-1L, ((LongNdArray) defaults.get("label")).getLong());
    assertEquals("?", defaults.get("name").getObject());
    assertEquals(0, defaults.sparse("tags").values().size());
  }

  @Test
  void parseExampleBatchesAndIndexesSparseFeaturesByExample() {
    ParsedExample<NdArray<?>> parsed = Ops.parseExample(vector(first(), second()), spec());
    FloatNdArray x = (FloatNdArray) parsed.get("x");
    assertEquals(org.tensorflow.ndarray.Shape.of(2, 2), x.shape());
    assertEquals(4f, x.getFloat(1, 1));
    LongNdArray labels = (LongNdArray) parsed.get("label");
    assertEquals(7L, labels.getLong(0));
    assertEquals(-1L, labels.getLong(1));
    LongNdArray indices = (LongNdArray) parsed.sparse("tags").indices();
    assertEquals(org.tensorflow.ndarray.Shape.of(3, 2), indices.shape());
    assertEquals(2L, indices.getLong(2, 1));
    LongNdArray shape = (LongNdArray) parsed.sparse("tags").denseShape();
    assertEquals(2L, shape.getLong(0));
    assertEquals(3L, shape.getLong(1));
  }

  @Test
  void aMissingRequiredFeatureOrAWrongTypeFailsWithTensorFlowsReason() {
    byte[] noX = Example.builder().int64s("label", 1).build().toByteArray();
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Ops.parseSingleExample(noX, spec()));
    assertTrue(missing.getMessage().contains("x"), missing.getMessage());

    byte[] intX = Example.builder().int64s("x", 1, 2).build().toByteArray();
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> Ops.parseSingleExample(intX, spec()));
    assertTrue(type.getMessage().toLowerCase().contains("type") || type.getMessage().contains("float"),
        type.getMessage());

    byte[] garbage = {1, 2, 3, (byte) 0xff};
    assertThrows(IllegalArgumentException.class, () -> Ops.parseSingleExample(garbage, spec()));
  }

  @Test
  void featureSpecsRefuseWhatAnExampleCannotHold() {
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> new FixedLenFeature(Shape.of(1), DType.INT32));
    assertTrue(dtype.getMessage().contains("float32, int64 or string"), dtype.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FixedLenFeature(Shape.of(Shape.UNKNOWN), DType.FLOAT32));
    assertThrows(IllegalArgumentException.class,
        () -> new FixedLenFeature(Shape.of(), DType.INT64, NdArrays.scalarOf(1f)));
    assertThrows(IllegalArgumentException.class,
        () -> new FixedLenFeature(Shape.of(), DType.STRING, NdArrays.scalarOf(1f)));
    assertThrows(IllegalArgumentException.class,
        () -> new FixedLenFeature(Shape.of(0), DType.FLOAT32, NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(0))));
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> Ops.parseSingleExample(first(),
        Map.of("x", new FixedLenFeature(Shape.of(2), DType.FLOAT32, NdArrays.vectorOf(1f, 2f, 3f)))));
    assertTrue(size.getMessage().contains("needs 2 values"), size.getMessage());
  }

  @Test
  void onlySparseOrOnlyDenseFeaturesParse() {
    ParsedExample<NdArray<?>> sparse = Ops.parseExample(vector(first(), second()),
        Map.of("tags", new VarLenFeature(DType.INT64)));
    assertEquals(3, sparse.sparse("tags").values().size());
    ParsedExample<NdArray<?>> dense = Ops.parseSingleExample(first(),
        Map.of("x", new FixedLenFeature(Shape.of(2), DType.FLOAT32)));
    assertEquals(2, dense.get("x").size());
  }

  @Test
  void aScalarDefaultFillsAFeaturesShape() {
    ParsedExample<NdArray<?>> parsed = Ops.parseSingleExample(second(),
        Map.of("w", new FixedLenFeature(Shape.of(3), DType.FLOAT32, NdArrays.scalarOf(0.5f))));
    FloatNdArray w = (FloatNdArray) parsed.get("w");
    assertEquals(3, w.size());
    assertEquals(0.5f, w.getFloat(2));
  }

  @Test
  void parsingInsideATracedGraphReadsWhatTensorFlowsRecordReaderRead() {
    Path file = dir.resolve("examples.tfrecord.gz");
    TFRecordWriter.write(file, TFRecordCompression.GZIP, List.of(first(), second()));
    List<byte[]> records = Backends.get().io().readTFRecords(file, "GZIP");
    try (ModelGraph graph = Backends.get().newGraph("parse")) {
      GraphFunction parse = graph.trace(() -> {
        KerasTensor serialized = graph.placeholder("serialized", DType.STRING, Shape.of(Shape.UNKNOWN));
        ParsedExample<KerasTensor> parsed = Ops.parseExample(serialized, spec());
        assertEquals(Shape.of(Shape.UNKNOWN, 2), parsed.get("x").shape());
        assertEquals(DType.STRING, parsed.get("name").dtype());
        return graph.function(List.of(serialized), List.of(parsed.get("x"), parsed.get("name")), List.of());
      });
      List<NdArray<?>> out = parse.call(List.of(graph.feed(vector(records.toArray(byte[][]::new)))));
      assertArrayEquals(new float[] {1.5f, -2f, 3f, 4f}, floats((FloatNdArray) out.get(0)));
      assertEquals("zoë", out.get(1).getObject(0));
      assertEquals("?", out.get(1).getObject(1));
    }
  }

  private static float[] floats(FloatNdArray array) {
    float[] out = new float[(int) array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.getFloat(i / 2, i % 2);
    }
    return out;
  }

  @Test
  void parseSingleSequenceExample() {
    byte[] serialized = SequenceExample.builder()
        .context("length", Feature.int64s(3))
        .featureList("frames", List.of(Feature.floats(1f, 2f), Feature.floats(3f, 4f), Feature.floats(5f, 6f)))
        .featureList("words", List.of(Feature.strings("a", "b"), Feature.strings(), Feature.strings("c")))
        .build().toByteArray();
    ParsedSequenceExample<NdArray<?>> parsed = Ops.parseSingleSequenceExample(serialized,
        Map.of("length", new FixedLenFeature(Shape.of(), DType.INT64)),
        Map.of("frames", new FixedLenFeature(Shape.of(2), DType.FLOAT32),
            "words", new VarLenFeature(DType.STRING)));
    assertEquals(3L, ((LongNdArray) parsed.context().get("length")).getLong());
    FloatNdArray frames = (FloatNdArray) parsed.sequence().get("frames");
    assertEquals(org.tensorflow.ndarray.Shape.of(3, 2), frames.shape());
    assertEquals(6f, frames.getFloat(2, 1));
    var words = parsed.sequence().sparse("words");
    assertEquals(3, words.values().size());
    assertEquals("c", words.values().getObject(2));
    assertEquals(2L, ((LongNdArray) words.indices()).getLong(2, 0));
  }

  @Test
  void parsedExamplesNameTheirFeatures() {
    ParsedExample<NdArray<?>> parsed = Ops.parseSingleExample(first(), spec());
    IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class, () -> parsed.get("tags"));
    assertTrue(wrongKind.getMessage().contains("sparse(\"tags\")"), wrongKind.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> parsed.get("nope"));
    assertTrue(none.getMessage().contains("[label, name, tags, x]"), none.getMessage());
  }
}
