package dev.jkeras.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.utils.Np;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;

/** {@code Ops.absMaxQuantize} and {@code Ops.int8Matmul} judged by Keras's {@code keras.quantizers.abs_max_quantize}. */
class AbsMaxQuantizeOpsTest {
  private static final float[][] X = {{0.5f, -1f, 0.25f, 0.0039370079f}, {0f, 0f, 0f, 0f},
      {3.3f, -2.2f, 1.1f, -0.55f}, {1e-3f, -2e-3f, 5e-4f, 1.5e-3f}};

  @Test
  void quantizesAsKerasAlongEachAxis() {
    Map<String, String> keras = KerasOracle.printedValues("""
        import json, numpy as np, keras
        x = np.array(%s, dtype="float32")
        for axis in (-1, 0):
            q, s = keras.quantizers.abs_max_quantize(x, axis=axis)
            print("@@q%%d=" %% axis + json.dumps(np.asarray(q).astype(int).tolist()))
            print("@@s%%d=" %% axis + json.dumps([float(v) for v in np.asarray(s).ravel()]))
            print("@@dtype=" + str(np.asarray(q).dtype))
        """.formatted(java.util.Arrays.deepToString(X)));
    assertEquals("int8", keras.get("dtype"));
    for (int axis : new int[] {-1, 0}) {
      List<NdArray<?>> mine = Backends.get().eager(() -> {
        List<KerasTensor> q = Ops.absMaxQuantize(Ops.convertToTensor(Np.array(X)), new int[] {axis}, -127, 127, 1e-7);
        assertEquals(DType.INT8, q.get(0).dtype());
        return List.of(Ops.cast(q.get(0), DType.INT32), q.get(1));
      });
      List<?> expectedQ = (List<?>) Json.parse("{\"v\":" + keras.get("q" + axis) + "}", "oracle").get("v");
      List<?> expectedS = (List<?>) Json.parse("{\"v\":" + keras.get("s" + axis) + "}", "oracle").get("v");
      IntNdArray q = (IntNdArray) mine.get(0);
      for (int i = 0; i < X.length; i++) {
        for (int j = 0; j < X[i].length; j++) {
          assertEquals(((Number) ((List<?>) expectedQ.get(i)).get(j)).intValue(), q.getInt(i, j),
              "axis " + axis + " at " + i + "," + j);
        }
      }
      FloatNdArray s = (FloatNdArray) mine.get(1);
      float[] scales = new float[expectedS.size()];
      s.copyTo(org.tensorflow.ndarray.NdArrays.wrap(s.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(scales,
          false, false)));
      for (int i = 0; i < scales.length; i++) {
        assertEquals(((Number) expectedS.get(i)).floatValue(), scales[i], "axis " + axis + " scale " + i);
      }
    }
  }

  @Test
  void int8MatmulIsTheExactIntegerProduct() {
    List<NdArray<?>> product = Backends.get().eager(() -> {
      KerasTensor a = Ops.cast(Ops.convertToTensor(Np.array(new float[][] {{127, -127}, {-128, 1}})), DType.INT8);
      KerasTensor b = Ops.cast(Ops.convertToTensor(Np.array(new float[][] {{127, 3}, {127, -5}})), DType.INT8);
      return List.of(Ops.int8Matmul(a, b));
    });
    float[] values = new float[4];
    ((FloatNdArray) product.get(0)).copyTo(org.tensorflow.ndarray.NdArrays.wrap(org.tensorflow.ndarray.Shape.of(2, 2),
        org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false)));
    assertArrayEquals(new float[] {0, 1016, -16129, -389}, values);
  }

  @Test
  void rangeOutsideInt8IsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Backends.get().eager(() ->
        Ops.absMaxQuantize(Ops.convertToTensor(Np.array(X)), new int[] {-1}, -200, 127, 1e-7)));
    assertEquals("An int8 quantizer needs a value range within [-128, 127], got [-200, 127]", e.getMessage());
  }
}
