package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.losses.MeanSquaredError;
import dev.jkeras.models.Model;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/** Mask propagation between layers, the Masking layer, masked pooling and merges. */
class MaskingTest {
  /** Two sequences of three steps of two features; step 2 of the first and step 0 of the second are all zeros. */
  private static final float[][][] X = {
      {{1, 1}, {3, 3}, {0, 0}},
      {{0, 0}, {2, -4}, {0, 6}}};

  @Test
  void maskingSetsMaskedStepsToZeroAndAttachesTheMask() {
    List<NdArray<?>> out = Backends.get().eager(() -> {
      KerasTensor y = new Masking(0.0).apply(Ops.convertToTensor(StdArrays.ndCopyOf(X)));
      assertNotNull(y.mask());
      assertEquals(DType.BOOL, y.mask().dtype());
      return List.of(y, y.mask());
    });
    assertArrayEquals(new boolean[] {true, true, false}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(1))[0]);
    assertArrayEquals(new boolean[] {false, true, true}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(1))[1]);
    float[][][] y = StdArrays.array3dCopyOf((FloatNdArray) out.get(0));
    assertArrayEquals(X[1][2], y[1][2]);
    assertArrayEquals(new float[] {0, 0}, y[1][0]);
  }

  @Test
  void maskValueOtherThanZeroMasksOnlyStepsAllEqualToIt() {
    float[][][] x = {{{-1, -1}, {-1, 2}, {5, 5}}};
    List<NdArray<?>> out = Backends.get().eager(() -> {
      KerasTensor y = new Masking(-1).apply(Ops.convertToTensor(StdArrays.ndCopyOf(x)));
      return List.of(y, y.mask());
    });
    assertArrayEquals(new boolean[] {false, true, true}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(1))[0]);
    assertArrayEquals(new float[] {0, 0}, StdArrays.array3dCopyOf((FloatNdArray) out.get(0))[0][0]);
    assertArrayEquals(new float[] {-1, 2}, StdArrays.array3dCopyOf((FloatNdArray) out.get(0))[0][1]);
  }

  @Test
  void globalAveragePooling1DAveragesOverUnmaskedStepsOnly() {
    List<NdArray<?>> out = Backends.get().eager(() -> {
      KerasTensor x = Ops.convertToTensor(StdArrays.ndCopyOf(X));
      KerasTensor masked = new GlobalAveragePooling1D().apply(new Masking().apply(x));
      assertNull(masked.mask(), "the pooling consumes the mask");
      KerasTensor kept = new GlobalAveragePooling1D().keepdims(true).apply(new Masking().apply(x));
      assertEquals(Shape.of(2, 1, 2), kept.shape());
      return List.of(masked, new GlobalAveragePooling1D().apply(x));
    });
    float[][] masked = StdArrays.array2dCopyOf((FloatNdArray) out.get(0));
    assertArrayEquals(new float[] {2, 2}, masked[0], 1e-6f);
    assertArrayEquals(new float[] {1, 1}, masked[1], 1e-6f);
    float[][] plain = StdArrays.array2dCopyOf((FloatNdArray) out.get(1));
    assertArrayEquals(new float[] {4 / 3f, 4 / 3f}, plain[0], 1e-6f);
  }

  @Test
  void layersThatSupportMaskingPassItOnOthersDropIt() {
    KerasTensor input = Input.of(DType.INT32, 5);
    KerasTensor embedded = new Embedding(10, 4).maskZero(true).apply(input);
    assertNotNull(embedded.mask());
    assertEquals(Shape.of(Shape.UNKNOWN, 5), embedded.mask().shape());
    KerasTensor dense = new Dense(3).apply(embedded);
    assertSame(embedded.mask().value(), dense.mask().value());
    KerasTensor dropped = new Dropout(0.5).apply(dense);
    assertSame(embedded.mask().value(), dropped.mask().value());
    KerasTensor activated = new Activation("relu").apply(new LayerNormalization().apply(dropped));
    assertSame(embedded.mask().value(), activated.mask().value());
    assertNull(new Flatten().apply(activated).mask(), "Flatten does not support masking");
    assertNull(new Embedding(10, 4).apply(input).mask(), "no mask without maskZero");
    assertNull(new LSTM(2).apply(activated).mask(), "an RNN's last output has no mask");
    KerasTensor sequences = new GRU(2).returnSequences(true).apply(activated);
    assertSame(embedded.mask().value(), sequences.mask().value());
    assertTrue(new Dense(1).supportsMasking());
    assertTrue(new Masking().supportsMasking());
    assertTrue(new Embedding(3, 2).supportsMasking(), "Embedding overrides computeMask");
    assertFalse(new Flatten().supportsMasking());
    try (Model model = new Model(input, sequences)) {
      assertEquals(Shape.of(Shape.UNKNOWN, 5, 2), model.outputShapes().get(0));
    }
  }

  @Test
  void mergeLayersCombineMasksAsKeras() {
    float[][][] a = {{{1, 1}, {0, 0}, {2, 2}}};
    float[][][] b = {{{0, 0}, {0, 0}, {3, 3}}};
    List<NdArray<?>> out = Backends.get().eager(() -> {
      KerasTensor ma = new Masking().apply(Ops.convertToTensor(StdArrays.ndCopyOf(a)));
      KerasTensor mb = new Masking().apply(Ops.convertToTensor(StdArrays.ndCopyOf(b)));
      KerasTensor plain = Ops.convertToTensor(StdArrays.ndCopyOf(b));
      KerasTensor sum = Layers.add(ma, mb);
      assertNull(Layers.add(ma, plain).mask(), "Add needs every input masked");
      KerasTensor joined = Layers.concatenate(ma, plain);
      KerasTensor both = Layers.concatenate(ma, mb);
      KerasTensor alongTime = Layers.concatenate(List.of(ma, mb), 1);
      assertEquals(Shape.of(1, 6), alongTime.mask().shape());
      return List.of(sum.mask(), joined.mask(), both.mask(), alongTime.mask());
    });
    assertArrayEquals(new boolean[] {true, false, true}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(0))[0]);
    assertArrayEquals(new boolean[] {true, true, true}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(1))[0]);
    assertArrayEquals(new boolean[] {true, false, true}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(2))[0]);
    assertArrayEquals(new boolean[] {true, false, true, false, false, true},
        StdArrays.array2dCopyOf((BooleanNdArray) out.get(3))[0]);
  }

  @Test
  void maskingSerializesWithKerasNames() {
    Map<String, Object> config = new Masking(-1.5).name("pad").getConfig();
    assertEquals(-1.5, config.get("mask_value"));
    assertEquals("pad", config.get("name"));
    Masking restored = (Masking) Layers.deserialize(Map.of("module", "keras.layers", "class_name", "Masking",
        "config", config, "registered_name", "Masking"));
    assertEquals(-1.5, restored.maskValue());
    assertEquals("pad", restored.name());
  }

  @Test
  void aMaskIsCarriedByTheTensorNotCompared() {
    List<NdArray<?>> out = Backends.get().eager(() -> {
      KerasTensor x = Ops.convertToTensor(StdArrays.ndCopyOf(X));
      KerasTensor m = Ops.any(x, -1, false);
      KerasTensor masked = x.withMask(m);
      assertSame(m.value(), masked.mask().value());
      assertSame(x.value(), masked.value());
      assertNull(x.mask());
      assertNull(masked.withMask(null).mask());
      assertTrue(masked.toString().contains("mask=(2, 3)"), masked.toString());
      return List.of(Ops.all(x, -1, false));
    });
    assertArrayEquals(new boolean[] {false, true, false}, StdArrays.array2dCopyOf((BooleanNdArray) out.get(0))[1]);
  }

  @Test
  void lossesAverageOverUnmaskedEntriesOnly() {
    float[][][] yPred = {{{1}, {2}, {3}}, {{4}, {5}, {6}}};
    float[][][] yTrue = {{{0}, {0}, {100}}, {{100}, {5}, {4}}};
    boolean[][] mask = {{true, true, false}, {false, true, true}};
    List<NdArray<?>> out = Backends.get().eager(() -> {
      KerasTensor pred = Ops.convertToTensor(StdArrays.ndCopyOf(yPred));
      KerasTensor truth = Ops.convertToTensor(StdArrays.ndCopyOf(yTrue));
      KerasTensor masked = pred.withMask(Ops.convertToTensor(StdArrays.ndCopyOf(mask)));
      KerasTensor weights = Ops.convertToTensor(StdArrays.ndCopyOf(new float[] {2, 1}));
      return List.of(new MeanSquaredError().apply(truth, masked), new MeanSquaredError().apply(truth, masked, weights),
          new MeanSquaredError().apply(truth, pred));
    });
    // Unmasked squared errors: 1, 4 | 0, 4 over 4 entries.
    assertEquals(9 / 4f, ((FloatNdArray) out.get(0)).getFloat(), 1e-6f);
    assertEquals((2 * 1 + 2 * 4 + 0 + 4) / 4f, ((FloatNdArray) out.get(1)).getFloat(), 1e-6f);
    assertEquals((1 + 4 + 97 * 97 + 96 * 96 + 0 + 4) / 6f, ((FloatNdArray) out.get(2)).getFloat(), 1e-3f);
  }
}
