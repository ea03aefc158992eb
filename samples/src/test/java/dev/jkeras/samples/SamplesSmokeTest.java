package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample runs end to end in smoke mode (tiny data, one epoch) on the shipped subset, records
 * its figures, and every plot it writes is a PNG of its figure's size.
 */
class SamplesSmokeTest {
  @TempDir
  Path dir;

  /** Every sample but {@code mobilenet_transfer}, whose smoke run (minutes) is its own opt-in test. */
  static Stream<Sample> samples() {
    return Samples.all().stream().filter(sample -> !sample.name().equals("mobilenet_transfer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void runsInSmokeMode(Sample sample) throws Exception {
    SampleArgs args = SampleArgs.parse("--smoke", "--subset", "--out", dir.resolve(sample.name()).toString());
    sample.run(args);
    assertFalse(args.results().isEmpty(), sample.name() + " records its figures");
    for (SampleArgs.Plot plot : args.plots()) {
      assertTrue(Files.isRegularFile(plot.file()), plot.toString());
      BufferedImage image = ImageIO.read(plot.file().toFile());
      assertEquals(plot.width(), image.getWidth(), plot.toString());
      assertEquals(plot.height(), image.getHeight(), plot.toString());
    }
    Path results = RunResults.write(sample, args, "--smoke --subset");
    assertTrue(SamplesReport.table(dir).contains("| `" + sample.name() + "` |"));
    assertTrue(Files.readString(results).contains("\"figures\""));
  }
}
