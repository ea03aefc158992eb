package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Flips each image with probability 1/2 while training, as Keras's {@code RandomFlip}: {@code mode}
 * {@code "horizontal"} (left-right), {@code "vertical"} (upside down) or {@code "horizontal_and_vertical"}
 * (both at once, by one draw per image, as Keras). Identity (cast to float32) at inference.
 */
public class RandomFlip extends BaseRandomAugmentation<RandomFlip> {
  public static final String HORIZONTAL = "horizontal";
  public static final String VERTICAL = "vertical";
  public static final String HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical";
  private static final List<String> MODES = List.of(HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL);
  private final String mode;

  /** Flips horizontally and vertically. */
  public RandomFlip() {
    this(HORIZONTAL_AND_VERTICAL);
  }

  public RandomFlip(String mode) {
    this(mode, 0);
  }

  /** {@code seed} 0: the global seed's sequence, or unseeded. */
  public RandomFlip(String mode, long seed) {
    this.mode = checkChoice("RandomFlip", "mode", mode, MODES);
    seed(seed);
  }

  public String mode() {
    return mode;
  }

  @Override
  protected KerasTensor augment(KerasTensor images) {
    KerasTensor flips = Ops.lessEqual(uniformPerImage(images, images.rank() - 1, 0, 1, seed()), 0.5);
    int rank = images.rank();
    KerasTensor out = images;
    if (!mode.equals(VERTICAL)) {
      out = Ops.where(flips, Ops.flip(out, rank - 2), out);
    }
    if (!mode.equals(HORIZONTAL)) {
      out = Ops.where(flips, Ops.flip(out, rank - 3), out);
    }
    return out;
  }

  public static RandomFlip fromConfig(Config config) {
    checkDataFormat(config);
    return new RandomFlip(config.getString("mode", HORIZONTAL_AND_VERTICAL), seed(config));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("seed", seedConfig(seed()));
    config.put("mode", mode);
    return config;
  }
}
