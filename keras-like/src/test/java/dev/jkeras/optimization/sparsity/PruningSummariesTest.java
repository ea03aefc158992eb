package dev.jkeras.optimization.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** tfmot's {@code PruningSummaries}: per epoch begin, each mask's sparsity and threshold at the optimizer's step. */
class PruningSummariesTest {

  @Test
  void logsEachMasksSparsityAndThresholdAtEpochBegin(@TempDir Path dir) throws IOException {
    var x = NdArrays.ofFloats(Shape.of(8, 4));
    x.scalars().forEachIndexed((i, s) -> s.setFloat((float) Math.sin(i[0] * 4 + i[1] + 1)));
    var y = NdArrays.ofFloats(Shape.of(8, 2));
    try (Sequential pruned = Sparsity.pruneLowMagnitude(new Sequential(new Dense(2).inputShape(4)),
        new ConstantSparsity(0.5, 0, -1, 1))) {
      pruned.compile(new SGD(0.0), "mse");
      pruned.fit(x, y, f -> f.epochs(2).batchSize(4).verbose(0)
          .callbacks(new UpdatePruningStep(), new PruningSummaries(dir.toString())));
      Map<String, Map<Long, Float>> scalars = scalars(dir.resolve("metrics"));
      String mask = "prune_low_magnitude_" + ((PruneLowMagnitude) pruned.layers().get(0)).layer().name() + "/mask/sparsity";
      assertEquals(Map.of(0L, 0f, 2L, 0.5f), scalars.get(mask), "tags: " + scalars.keySet());
      assertTrue(scalars.keySet().stream().anyMatch(t -> t.endsWith("/threshold/threshold")), scalars.keySet().toString());
    }
    assertThrows(IllegalArgumentException.class, () -> new PruningSummaries(""));
  }

  private static Map<String, Map<Long, Float>> scalars(Path runDir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(runDir)) {
      files = list.filter(p -> p.getFileName().toString().contains("tfevents")).toList();
    }
    assertEquals(1, files.size(), files.toString());
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Map<Long, Float>> scalars = new TreeMap<>();
    while (bytes.remaining() > 0) {
      int length = (int) bytes.getLong();
      bytes.getInt();
      byte[] record = new byte[length];
      bytes.get(record);
      bytes.getInt();
      Event event = Event.parseFrom(record);
      for (Summary.Value value : event.getSummary().getValueList()) {
        float v = value.getTensor().getFloatValCount() > 0 ? value.getTensor().getFloatVal(0)
            : ByteBuffer.wrap(value.getTensor().getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        scalars.computeIfAbsent(value.getTag(), t -> new TreeMap<>()).put(event.getStep(), v);
      }
    }
    return scalars;
  }
}
