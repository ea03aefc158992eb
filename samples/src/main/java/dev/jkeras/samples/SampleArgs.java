package dev.jkeras.samples;

import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.ImageGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options every sample understands, and the figures a run records.
 *
 * <ul>
 *   <li>{@code --epochs N}: train for N epochs instead of the seed's number;
 *   <li>{@code --smoke}: tiny data and one epoch, to check a sample runs (used by the tests);
 *   <li>{@code --subset}: use the Fashion-MNIST subset shipped in the repository;
 *   <li>{@code --out DIR}: where plots, logs and models go (default {@code jkeras-output/<sample>}).
 * </ul>
 */
public final class SampleArgs {
  private final Integer epochs;
  private final boolean smoke;
  private final boolean subset;
  private final Path out;
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<Plot> plots = new ArrayList<>();

  /** A plot a run wrote: the file and the figure's size in pixels. */
  public record Plot(Path file, int width, int height) {}

  private SampleArgs(Integer epochs, boolean smoke, boolean subset, Path out) {
    this.epochs = epochs;
    this.smoke = smoke;
    this.subset = subset;
    this.out = out;
  }

  public static SampleArgs parse(String... args) {
    Integer epochs = null;
    boolean smoke = false;
    boolean subset = false;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--epochs" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--epochs needs a number");
          }
          epochs = Integer.parseInt(args[++i]);
          if (epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
          }
        }
        case "--smoke" -> smoke = true;
        case "--subset" -> subset = true;
        case "--out" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--out needs a directory");
          }
          out = Path.of(args[++i]);
        }
        default -> throw new IllegalArgumentException("Unknown option '" + args[i]
            + "'. Options: --epochs N, --smoke, --subset, --out DIR");
      }
    }
    return new SampleArgs(epochs, smoke, subset, out);
  }

  /** The epochs to train: the user's choice, 1 in smoke mode, else the seed's {@code seedEpochs}. */
  public int epochs(int seedEpochs) {
    if (epochs != null) {
      return epochs;
    }
    return smoke ? 1 : seedEpochs;
  }

  public boolean smoke() {
    return smoke;
  }

  public boolean subset() {
    return subset;
  }

  /** The directory for {@code sample}'s plots, logs and models (created when first asked for). */
  public Path outputDir(Sample sample) {
    Path dir = out != null ? out : Path.of("jkeras-output", sample.name());
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the output directory " + dir.toAbsolutePath(), e);
    }
  }

  /** Saves {@code figure} as {@code fileName} in {@code sample}'s output directory, prints and records where. */
  public Path savePlot(Sample sample, Figure figure, String fileName) {
    Path file = figure.save(outputDir(sample).resolve(fileName));
    plots.add(new Plot(file, figure.width(), figure.height()));
    System.out.println("Plot: " + file.toAbsolutePath());
    return file;
  }

  /** Saves {@code grid} (a figure of images) as {@code fileName} in {@code sample}'s output directory, as a plot. */
  public Path savePlot(Sample sample, ImageGrid grid, String fileName) {
    Path file = grid.save(outputDir(sample).resolve(fileName));
    plots.add(new Plot(file, grid.width(), grid.height()));
    System.out.println("Plot: " + file.toAbsolutePath());
    return file;
  }

  /** The plots this run wrote. */
  public List<Plot> plots() {
    return List.copyOf(plots);
  }

  /** Records a figure of this run (test accuracy, epochs run, ...). */
  public void record(String name, Object value) {
    results.put(name, value);
  }

  public Map<String, Object> results() {
    return Collections.unmodifiableMap(results);
  }
}
