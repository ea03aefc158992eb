package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** The fast path of predict requests gives exactly what the general path gives, or steps aside. */
class DenseInstancesTest {
  private static final Map<String, TensorSpec> SPEC =
      Map.of("x", new TensorSpec("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)));

  private static DenseInstances.Request fast(String body) {
    return DenseInstances.read(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The general path's floats and shape: Json, then TensorJson. */
  private static float[] general(String body, long[] shapeOut) throws Exception {
    Map<?, ?> doc = (Map<?, ?>) Json.parse(body.getBytes(StandardCharsets.UTF_8));
    NdArray<?> x = TensorJson.fromInstances((List<?>) doc.get("instances"), SPEC).get("x");
    long[] shape = x.shape().asArray();
    System.arraycopy(shape, 0, shapeOut, 0, shape.length);
    float[] values = new float[(int) x.size()];
    ((FloatNdArray) x).copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  private static void assertSameAsGeneral(String body) throws Exception {
    DenseInstances.Request request = fast(body);
    assertNotNull(request, body);
    long[] shape = new long[request.shape().length];
    float[] expected = general(body, shape);
    assertArrayEquals(shape, request.shape(), body);
    assertEquals(expected.length, request.values().length, body);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(request.values()[i]),
          body + " value " + i + ": " + expected[i] + " vs " + request.values()[i]);
    }
  }

  @Test
  void numbersReadExactlyAsTheGeneralPath() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      StringBuilder body = new StringBuilder("{\"instances\": [[");
      for (int i = 0; i < 40; i++) {
        double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(16) - 8);
        String text = switch (i % 8) {
          case 0 -> Float.toString((float) v).replace("E", "e");
          case 1 -> Double.toString(v).replace("E", "e");
          case 2 -> String.format(Locale.ROOT, "%.3f", v);
          case 3 -> Long.toString(random.nextLong() >> random.nextInt(64));
          case 4 -> String.format(Locale.ROOT, "%.20f", v);
          case 5 -> String.format(Locale.ROOT, "%.14e", v);
          case 6 -> Float.toString(random.nextInt(256) / 255f);
          default -> new java.math.BigDecimal(v).toPlainString();
        };
        body.append(i == 0 ? "" : ", ").append(text);
      }
      assertSameAsGeneral(body.append("]]}").toString());
    }
    assertSameAsGeneral("{\"instances\": [[0, -0, -0.0, 0.000001, 123456789012345, 1234567890123456789, 1e38, 1e39,"
        + " 3.4028235e38, 1.4e-45, 1e-46, 0.30000000000000004, 9007199254740993]]}");
  }

  @Test
  void shapesAndSignatureNameAreRead() throws Exception {
    assertSameAsGeneral("{\"instances\": [1.0, 2.0, 5.0]}");
    assertSameAsGeneral(" {\n \"instances\" : [ [ [1, 2], [3, 4] ] , [[5, 6], [7, 8]] ] } trailing");
    DenseInstances.Request named = fast("{\"signature_name\": \"serving_default\", \"instances\": [[1, 2]]}");
    assertEquals("serving_default", named.signatureName());
    assertArrayEquals(new long[] {1, 2}, named.shape());
    assertEquals("", fast("{\"instances\": [[1]]}").signatureName());
  }

  @Test
  void everythingElseIsLeftToTheGeneralPath() {
    for (String body : List.of("", "[]", "{}", "{\"instances\": []}", "{\"instances\": [[]]}",
        "{\"instances\": [[1, 2], [3]]}", "{\"instances\": [[1, 2], 3]}", "{\"instances\": [1, [2]]}",
        "{\"instances\": [[1, \"x\"]]}", "{\"instances\": [[NaN]]}", "{\"instances\": [[Infinity]]}",
        "{\"instances\": [[1e400]]}", "{\"instances\": [[01]]}", "{\"instances\": [[1.]]}",
        "{\"instances\": [{\"x\": [1]}]}", "{\"instances\": [[1]], \"instances\": [[2]]}",
        "{\"inputs\": [[1]]}", "{\"instances\": [[1]], \"inputs\": [[1]]}", "{\"instances\": [[1]]",
        "{\"instances\": [[1]], \"signature_name\": 3}", "{\"signature_name\": \"a\\\"b\", \"instances\": [[1]]}",
        "{\"instances\": [[true]]}", "{\"instances\": [[null]]}", "{\"instances\": [[1 2]]}",
        "{\"signature_name\": \"s\"}")) {
      assertNull(fast(body), body);
    }
  }
}
