package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.FeatureList;

/**
 * {@link Example} and {@link SequenceExample} serialize to the {@code tf.train} protos: TensorFlow's
 * generated classes (tensorflow-core-native) parse our bytes back to the same content.
 */
class ExampleTest {

  @Test
  void anExampleParsesAsTensorFlowsProto() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    Example example = Example.builder()
        .bytes("image", png)
        .strings("name", "zoë", "")
        .floats("bbox", 0.1f, -2.5f, Float.MAX_VALUE)
        .int64s("label", 3, -1, Long.MAX_VALUE, Long.MIN_VALUE)
        .floats("empty")
        .build();
    org.tensorflow.proto.Example proto = org.tensorflow.proto.Example.parseFrom(example.toByteArray());
    var features = proto.getFeatures().getFeatureMap();
    assertEquals(5, features.size());
    assertArrayEquals(png, features.get("image").getBytesList().getValue(0).toByteArray());
    assertEquals(List.of("zoë", ""), features.get("name").getBytesList().getValueList().stream()
        .map(b -> b.toString(StandardCharsets.UTF_8)).toList());
    assertEquals(List.of(0.1f, -2.5f, Float.MAX_VALUE), features.get("bbox").getFloatList().getValueList());
    assertEquals(List.of(3L, -1L, Long.MAX_VALUE, Long.MIN_VALUE), features.get("label").getInt64List().getValueList());
    assertTrue(features.get("empty").hasFloatList());
    assertEquals(0, features.get("empty").getFloatList().getValueCount());
  }

  @Test
  void aSequenceExampleParsesAsTensorFlowsProto() throws Exception {
    SequenceExample example = SequenceExample.builder()
        .context("length", Feature.int64s(3))
        .featureList("tokens", List.of(Feature.int64s(4), Feature.int64s(8, 9), Feature.int64s()))
        .featureList("words", List.of(Feature.strings("a"), Feature.strings("b")))
        .build();
    var proto = org.tensorflow.proto.SequenceExample.parseFrom(example.toByteArray());
    assertEquals(List.of(3L), proto.getContext().getFeatureMap().get("length").getInt64List().getValueList());
    FeatureList tokens = proto.getFeatureLists().getFeatureListMap().get("tokens");
    assertEquals(3, tokens.getFeatureCount());
    assertEquals(List.of(8L, 9L), tokens.getFeature(1).getInt64List().getValueList());
    assertEquals("b", proto.getFeatureLists().getFeatureListMap().get("words").getFeature(1).getBytesList()
        .getValue(0).toStringUtf8());
  }

  @Test
  void examplesReadBackFromOurBytesAndTensorFlowsProtos() throws Exception {
    Example example = Example.builder().bytes("b", new byte[] {0, (byte) 0xff}).strings("s", "zoë")
        .floats("f", 1.5f, Float.NaN, -0f).int64s("i", -1, Long.MIN_VALUE).floats("none").build();
    assertEquals(example, Example.parseFrom(example.toByteArray()));
    byte[] tensorFlows = org.tensorflow.proto.Example.parseFrom(example.toByteArray()).toByteArray();
    assertEquals(example.features().keySet(), Example.parseFrom(tensorFlows).features().keySet());
    assertEquals(example.feature("f"), Example.parseFrom(tensorFlows).feature("f"));
    assertEquals(example.feature("i"), Example.parseFrom(tensorFlows).feature("i"));

    SequenceExample sequence = SequenceExample.builder().context("n", Feature.int64s(2))
        .featureList("x", List.of(Feature.floats(1f), Feature.floats(2f, 3f))).build();
    assertEquals(sequence, SequenceExample.parseFrom(sequence.toByteArray()));
    assertEquals(sequence, SequenceExample.parseFrom(
        org.tensorflow.proto.SequenceExample.parseFrom(sequence.toByteArray()).toByteArray()));
  }

  @Test
  void unpackedListsAreReadAsProtoParsersReadThem() {
    // Example{features{feature{key "f" value{float_list{value: 2.0 (unpacked, fixed32)}}}}}
    byte[] floatList = {0x0d, 0, 0, 0, 0x40};
    byte[] feature = concat(new byte[] {0x12, (byte) floatList.length}, floatList);
    byte[] entry = concat(new byte[] {0x0a, 1, 'f', 0x12, (byte) feature.length}, feature);
    byte[] features = concat(new byte[] {0x0a, (byte) entry.length}, entry);
    byte[] example = concat(new byte[] {0x0a, (byte) features.length}, features);
    assertArrayEquals(new float[] {2f}, Example.parseFrom(example).feature("f").floatValues());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void damagedOrRandomBytesFailWithAClearErrorNeverAnotherException() {
    byte[] good = Example.builder().floats("x", 1f, 2f).int64s("y", 300).strings("s", "abc").build().toByteArray();
    for (int n = 0; n < good.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(good, n);
      try {
        Example.parseFrom(cut);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains("byte") || expected.getMessage().contains("Feature"),
            expected.getMessage());
      }
    }
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 5000; i++) {
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      try {
        Example.parseFrom(noise);
        SequenceExample.parseFrom(noise);
      } catch (IllegalArgumentException expected) {
        // refused with a message: fine
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Example.parseFrom(new byte[] {0x0a, 0x7f, 1}));
    assertTrue(e.getMessage().contains("a length of 127 bytes where 1 remain"), e.getMessage());
  }

  @Test
  void examplesAreValues() {
    Example a = Example.builder().floats("x", 1f).bytes("b", new byte[] {1}).build();
    Example b = Example.builder().floats("x", 1f).bytes("b", new byte[] {1}).build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Example.builder().floats("x", 2f).build());
    assertEquals("Example{x=float_list[1.0], b=bytes_list[b'\u0001']}", a.toString());
    assertArrayEquals(new float[] {1f}, a.feature("x").floatValues());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> a.feature("y"));
    assertTrue(missing.getMessage().contains("[x, b]"), missing.getMessage());
    IllegalStateException kind = assertThrows(IllegalStateException.class, () -> a.feature("x").int64Values());
    assertTrue(kind.getMessage().contains("float list"), kind.getMessage());
  }

  @Test
  void badFeaturesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Example.builder().floats("", 1f));
    assertThrows(NullPointerException.class, () -> Example.builder().strings("s", (String) null));
    IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
        () -> SequenceExample.builder().featureList("f", List.of(Feature.floats(1f), Feature.int64s(1))));
    assertTrue(mixed.getMessage().contains("mix kinds"), mixed.getMessage());
  }
}
