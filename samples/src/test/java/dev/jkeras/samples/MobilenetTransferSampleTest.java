package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MobileNetV2 transfer sample on the shipped subset: the trainable and non-trainable parameter counts of
 * each phase are Keras 3.15.1's for the same model ({@code base.trainable = False}; then the base unfrozen with
 * its BatchNormalization layers frozen), the pretrained base is saved as a weights file and the PNGs it wrote
 * are gone; and the base it pretrains is Keras's MobileNetV2 but for the BatchNormalization momentum.
 */
class MobilenetTransferSampleTest {
  // Keras 3.15.1: MobileNetV2(input_shape=(32, 32, 3), alpha=0.35, include_top=False, weights=None,
  // pooling="avg") under Resizing, Rescaling, Concatenate, then Dropout(0.2) and Dense(2, "softmax"):
  // count_params() 412,770; trainable weights 2,562 with base.trainable = False, 384,610 with the base
  // trainable and its 52 BatchNormalization layers not.
  private static final long TOTAL = 412_770;
  private static final long FROZEN_TRAINABLE = 2_562;
  private static final long FINE_TUNE_TRAINABLE = 384_610;

  @TempDir Path dir;

  /**
   * A smoke run takes 4–7 minutes on 2 cores (the base's 262 variables are saved and loaded one session run
   * each), so it runs with {@code JKERAS_SLOW_SAMPLES=1}: {@code JKERAS_SLOW_SAMPLES=1 mvn test -pl samples -am
   * -Dtest=MobilenetTransferSampleTest -Dsurefire.failIfNoSpecifiedTests=false}.
   */
  @Test
  @EnabledIfEnvironmentVariable(named = "JKERAS_SLOW_SAMPLES", matches = "1",
      disabledReason = "a 4-7 minute smoke run; set JKERAS_SLOW_SAMPLES=1 to run it")
  void phasesHaveKerasParameterCountsAndTheRunCleansUp() throws Exception {
    Path keep = Files.writeString(dir.resolve("user-notes.txt"), "not the sample's");
    SampleArgs args = SampleArgs.parse("--smoke", "--subset", "--out", dir.toString());
    new MobilenetTransfer().run(args);
    var results = args.results();
    assertEquals(FROZEN_TRAINABLE, results.get("frozen_trainable_params"));
    assertEquals(TOTAL - FROZEN_TRAINABLE, results.get("frozen_non_trainable_params"));
    assertEquals(FINE_TUNE_TRAINABLE, results.get("fine_tune_trainable_params"));
    assertEquals(TOTAL - FINE_TUNE_TRAINABLE, results.get("fine_tune_non_trainable_params"));
    for (String key : List.of("source_test_accuracy", "frozen_test_accuracy", "fine_tuned_test_accuracy",
        "scratch_test_accuracy")) {
      double accuracy = (Double) results.get(key);
      assertTrue(accuracy >= 0 && accuracy <= 1, key + " " + accuracy);
    }
    assertEquals(0.5, results.get("target_chance_accuracy"));
    int files = (Integer) results.get("target_training_files") + (Integer) results.get("target_validation_files");
    assertTrue(files > 50, files + " PNG files");
    Path weights = dir.resolve("mobilenet_v2_0.35_fashion8.weights.h5");
    try (Stream<Path> left = Files.walk(dir)) {
      List<Path> remaining = left.filter(Files::isRegularFile).sorted().toList();
      assertTrue(remaining.contains(keep) && remaining.contains(weights), remaining.toString());
      assertTrue(remaining.stream().noneMatch(p -> p.toString().endsWith(".png") && p.toString().contains("sandal")),
          "the PNG files are deleted: " + remaining);
    }
  }

  @Test
  void pretrainingBaseIsMobileNetV2WithAnotherBatchNormMomentum() {
    try (Model standard = MobilenetTransfer.base(null);
        Model pretrained = MobilenetTransfer.withBatchNormMomentum(0.9)) {
      // the same layer names but for the automatic names of the input and pooling layers (input_layer_N, ...)
      List<String> names = standard.layers().stream().map(Layer::name).toList();
      List<String> rebuilt = pretrained.layers().stream().map(Layer::name).toList();
      assertEquals(names.size(), rebuilt.size());
      assertEquals(names.subList(1, names.size() - 1), rebuilt.subList(1, rebuilt.size() - 1));
      assertEquals(standard.countParams(), pretrained.countParams());
      List<Double> momenta = pretrained.layers().stream().filter(l -> l instanceof BatchNormalization)
          .map(l -> ((BatchNormalization) l).momentum()).toList();
      assertEquals(52, momenta.size(), "MobileNetV2's BatchNormalization layers");
      assertTrue(momenta.stream().allMatch(m -> m == 0.9), momenta.toString());
      assertTrue(standard.layers().stream().filter(l -> l instanceof BatchNormalization)
          .allMatch(l -> ((BatchNormalization) l).momentum() == 0.999), "Keras's MobileNetV2 keeps 0.999");
    }
  }
}
