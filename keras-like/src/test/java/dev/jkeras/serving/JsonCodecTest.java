package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** TF Serving's JSON for tensors, the cases of its json_tensor_test.cc. */
class JsonCodecTest {
  private static Object parse(String json) throws Json.ParseException {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void floatsAreWrittenAsTfServingWritesThem() {
    // json_tensor_test: 9000000, 999999, 0.5, .0003, .00003, 555557.5 -> 9e+06, 999999.0, 0.5, 0.0003, 3e-05, 555557.5
    FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{9000000f, 999999f, 0.5f}, {0.0003f, 0.00003f, 555557.5f}});
    assertEquals("{\n    \"predictions\": [[9e+06, 999999.0, 0.5], [0.0003, 3e-05, 555557.5]\n    ]\n}",
        TensorJson.predictions(Map.of("float_tensor", x)));
    FloatNdArray special = StdArrays.ndCopyOf(new float[][] {{Float.NaN, Float.POSITIVE_INFINITY}, {3, Float.NEGATIVE_INFINITY}});
    assertEquals("{\n    \"predictions\": [[NaN, Infinity], [3.0, -Infinity]\n    ]\n}",
        TensorJson.predictions(Map.of("float_tensor", special)));
    assertEquals("0.2", RapidJsonWriter.decimal(0.2f), "no float-to-double noise digits");
    assertEquals("0.333333343", RapidJsonWriter.decimal(1f / 3), "full precision when six digits do not read back");
    assertEquals("0.1", RapidJsonWriter.decimal(0.1));
    assertEquals("0.33333333333333331", RapidJsonWriter.decimal(1.0 / 3));
    assertEquals("-0.0", RapidJsonWriter.decimal(-0f));
    assertEquals("1e-300", RapidJsonWriter.decimal(1e-300));
  }

  @Test
  void bytesOutputsAreBase64AndSeveralOutputsAreObjects() {
    NdArray<String> strings = NdArrays.vectorOfObjects("hello", "world");
    Map<String, NdArray<?>> outputs = new LinkedHashMap<>();
    outputs.put("str_tensor_bytes", strings);
    outputs.put("double_scalar_tensor", NdArrays.vectorOf(8.0, 9.0));
    assertEquals("{\n    \"predictions\": [\n        {\n            \"double_scalar_tensor\": 8.0,\n"
        + "            \"str_tensor_bytes\": {\n                \"b64\": \"aGVsbG8=\"\n            }\n        },\n"
        + "        {\n            \"double_scalar_tensor\": 9.0,\n            \"str_tensor_bytes\": {\n"
        + "                \"b64\": \"d29ybGQ=\"\n            }\n        }\n    ]\n}", TensorJson.predictions(outputs));
    assertEquals("{\n    \"outputs\": [\n        \"hello\",\n        \"world\"\n    ]\n}",
        TensorJson.outputs(Map.of("str", strings)));
  }

  @Test
  void requestsReadAsTfServingReadsThem() throws Exception {
    Map<String, TensorSpec> strings = Map.of("x", new TensorSpec("x", DType.STRING, Shape.of(Shape.UNKNOWN)));
    NdArray<?> decoded = TensorJson.fromInstances((List<?>) ((Map<?, ?>) parse(
        "{\"instances\": [ { \"b64\" : \"aGVsbG8=\" }, { \"b64\": \"d29ybGQ=\" } ]}")).get("instances"), strings).get("x");
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), (byte[]) decoded.getObject(0));
    assertArrayEquals("world".getBytes(StandardCharsets.UTF_8), (byte[]) decoded.getObject(1));

    Map<String, TensorSpec> floats = Map.of("x", new TensorSpec("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN), false));
    FloatNdArray special = (FloatNdArray) TensorJson.fromInputs(((Map<?, ?>) parse(
        "{\"inputs\": [1.0, NaN, Infinity, -Infinity, 2]}")).get("inputs"), floats).get("x");
    assertTrue(Float.isNaN(special.getFloat(1)));
    assertEquals(Float.NEGATIVE_INFINITY, special.getFloat(3));
    assertEquals(2f, special.getFloat(4));

    Map<String, TensorSpec> ints = Map.of("x", new TensorSpec("x", DType.INT32, Shape.of(Shape.UNKNOWN)));
    ServingException decimal = assertThrows(ServingException.class,
        () -> TensorJson.fromInputs(parse("[1, 2.0]"), ints));
    assertEquals("JSON Value: 2.0 Type: Number is not of expected type: int32", decimal.getMessage());
    ServingException tooBig = assertThrows(ServingException.class,
        () -> TensorJson.fromInputs(parse("[3000000000]"), ints));
    assertEquals("JSON Value: 3000000000 Type: Number is not of expected type: int32", tooBig.getMessage());
    ServingException badBase64 = assertThrows(ServingException.class,
        () -> TensorJson.fromInputs(parse("[{\"b64\": \"not base64!\"}]"), strings));
    assertEquals("Unable to base64 decode", badBase64.getMessage());
  }

  @Test
  void parseErrorsUseRapidjsonsWords() {
    Json.ParseException colon = assertThrows(Json.ParseException.class, () -> parse("{\"a\" 1}"));
    assertEquals("Missing a colon after a name of object member. at offset: 5", colon.getMessage());
    Json.ParseException string = assertThrows(Json.ParseException.class, () -> parse("{\"a\": \"b"));
    assertEquals("Missing a closing quotation mark in string.", string.reason);
    Json.ParseException fraction = assertThrows(Json.ParseException.class, () -> parse("[1.]"));
    assertEquals("Miss fraction part in number.", fraction.reason);
    Json.ParseException deep = assertThrows(Json.ParseException.class, () -> parse("[".repeat(100_000)));
    assertTrue(deep.reason.startsWith("Nesting deeper than"), deep.reason);
  }
}
