package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The denoising autoencoder on 1,000 images of the shipped subset, 6 epochs: its output is closer to the
 * clean test images than the noisy inputs are (both by MSE and by binary cross-entropy), and the figure of
 * noisy, denoised and clean images is written.
 */
class DenoisingAutoencoderSampleTest {
  @TempDir
  Path dir;

  @Test
  void denoisedImagesAreCloserToTheCleanOnesThanTheNoisyInputs() throws Exception {
    SampleArgs args = SampleArgs.parse("--smoke", "--subset", "--epochs", "6", "--out", dir.toString());
    new DenoisingAutoencoder().run(args);
    double denoised = (Double) args.results().get("test_denoised_mse");
    double noisy = (Double) args.results().get("test_noisy_input_mse");
    assertTrue(denoised < 0.85 * noisy, "denoised MSE " + denoised + " against the noisy inputs' " + noisy);
    assertTrue((Double) args.results().get("test_denoised_bce") < (Double) args.results().get("test_noisy_input_bce"));
    assertEquals(6, args.results().get("epochs"));
    BufferedImage figure = ImageIO.read(dir.resolve("denoising_autoencoder.png").toFile());
    assertEquals(args.plots().get(0).width(), figure.getWidth());
    assertEquals(args.plots().get(0).height(), figure.getHeight());
  }

  @Test
  void noiseIsClippedAndTheInputsOwnErrorIsKerasBinaryCrossentropy() {
    float[] clean = {0f, 1f, 0.5f, 0.25f};
    float[] noisy = DenoisingAutoencoder.noisy(clean, new Random(3));
    for (float v : noisy) {
      assertTrue(v >= 0f && v <= 1f, "noisy pixel " + v + " is clipped to [0, 1]");
    }
    // keras.losses.binary_crossentropy([1, 0], [1, 0.5]): clipped to 1 - 1e-7, then log 2 / 2.
    double bce = DenoisingAutoencoder.binaryCrossentropy(new float[] {1f, 0f}, new float[] {1f, 0.5f});
    assertEquals((-Math.log(1 - 1e-7) + Math.log(2)) / 2, bce, 1e-9);
    assertEquals(0.125, DenoisingAutoencoder.meanSquaredError(new float[] {0f, 1f}, new float[] {0.5f, 1f}), 1e-9);
  }
}
