package dev.jkeras.saving;

import dev.jkeras.backend.AtomicFiles;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .keras} file: a zip of {@code metadata.json}, {@code config.json} and
 * {@code model.weights.h5}, as Keras 3 writes it.
 */
public final class KerasArchive {
  static final String METADATA = "metadata.json";
  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.weights.h5";
  /** Where objects' asset files live, as Keras's {@code _ASSETS_DIRNAME}. */
  public static final String ASSETS = "assets/";
  /** The most bytes of assets read from one file: far above any real vocabulary. */
  public static final long MAX_ASSET_BYTES = 1L << 30;
  /** The Keras version whose format jkeras writes, recorded in {@code metadata.json}. */
  public static final String KERAS_VERSION = "3.10.0";
  /** The largest {@code config.json} (or {@code metadata.json}) read: far above any real model's. */
  static final long MAX_JSON_BYTES = 64L << 20;
  /** The largest {@code model.weights.h5} read into memory at all (a Java array's limit). */
  static final long MAX_BYTES = Integer.MAX_VALUE - 16;

  private KerasArchive() {}

  /** What a {@code .keras} file holds: the model's config and its weights by object path. */
  public record Contents(Map<String, Object> config, Map<String, WeightsFile.SavedObject> weights) {}

  /**
   * Writes {@code config} and {@code weights} to {@code file}: to a temporary file in the same
   * directory first, moved into place once complete, so a crash never leaves a half-written model.
   */
  public static void write(Path file, Map<String, ?> config, Map<String, WeightsFile.SavedObject> weights) {
    write(file, config, weights, Map.of());
  }

  /**
   * As {@link #write(Path, Map, Map)}, with the objects' asset files by their name in the archive
   * ({@code assets/<object path>/<file>}, as Keras's {@code save_assets} lays them out).
   */
  public static void write(Path file, Map<String, ?> config, Map<String, WeightsFile.SavedObject> weights,
      Map<String, byte[]> assets) {
    Path target = file.toAbsolutePath().normalize();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("keras_version", KERAS_VERSION);
    metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
    AtomicFiles.write(target, staging -> {
      Path h5 = AtomicFiles.newFile(target, "h5");
      try {
        WeightsFile.write(h5, weights);
        try (OutputStream out = Files.newOutputStream(staging); ZipOutputStream zip = new ZipOutputStream(out)) {
          putEntry(zip, METADATA, Json.write(metadata).getBytes(StandardCharsets.UTF_8));
          putEntry(zip, CONFIG, Json.write(config).getBytes(StandardCharsets.UTF_8));
          zip.putNextEntry(new ZipEntry(WEIGHTS));
          Files.copy(h5, zip);
          zip.closeEntry();
          for (Map.Entry<String, byte[]> asset : assets.entrySet()) {
            putEntry(zip, asset.getKey(), asset.getValue());
          }
        }
      } finally {
        Files.deleteIfExists(h5);
      }
    });
  }

  private static void putEntry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /**
   * Reads a {@code .keras} file, with an error naming the file and what is wrong with it; its weights
   * are bounded only by {@link #MAX_BYTES}, so loading a model uses {@link #open} and the model's size.
   */
  public static Contents read(Path file) {
    try (Reader reader = open(file)) {
      return new Contents(reader.config(), reader.weights(MAX_BYTES));
    }
  }

  /**
   * Opens a {@code .keras} file to read its config, then its weights bounded by what the model built
   * from that config can hold (see {@link Reader#weights}).
   */
  public static Reader open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("No such file: " + file.toAbsolutePath()
          + (Files.isDirectory(file) ? " is a directory (a SavedModel? open it with SavedModels.load)" : ""));
    }
    try {
      return new Reader(file, new ZipFile(file.toFile()));
    } catch (ZipException e) {
      throw new IllegalArgumentException(file + " is not a .keras file: it is not a readable zip archive ("
          + e.getMessage() + "); it may be truncated or corrupt", e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No such file: " + file.toAbsolutePath(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * An open {@code .keras} file. Every entry read is bounded (no zip bomb inflates past the limit)
   * and checked against its CRC-32 and size in the zip's directory, as Python's {@code zipfile}
   * checks them: a corrupt entry is refused, never loaded.
   */
  public static final class Reader implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;

    private Reader(Path file, ZipFile zip) {
      this.file = file;
      this.zip = zip;
    }

    /** {@code metadata.json} ({@code keras_version}, {@code date_saved}), empty when absent. */
    public Map<String, Object> metadata() {
      if (zip.getEntry(METADATA) == null) {
        return Map.of();
      }
      return Json.parse(new String(entry(METADATA, MAX_JSON_BYTES, "the limit for a JSON entry"),
          StandardCharsets.UTF_8), file + "!" + METADATA);
    }

    /** The model's config ({@code config.json}); {@code metadata.json} is checked when present. */
    public Map<String, Object> config() {
      if (zip.getEntry(METADATA) != null) {
        entry(METADATA, MAX_JSON_BYTES, "the limit for a JSON entry");
      }
      return Json.parse(new String(entry(CONFIG, MAX_JSON_BYTES, "the limit for a JSON entry"), StandardCharsets.UTF_8),
          file + "!" + CONFIG);
    }

    /**
     * The weights by object path, refusing a {@code model.weights.h5} larger than {@code maxBytes}
     * (what the model's variables and optimizer state can take) before inflating it further.
     */
    public Map<String, WeightsFile.SavedObject> weights(long maxBytes) {
      long limit = Math.min(maxBytes, MAX_BYTES);
      byte[] h5 = entry(WEIGHTS, limit, "what the model's weights can take");
      String source = file + "!" + WEIGHTS;
      try (HdfFile weights = WeightsFile.open(h5, source)) {
        return WeightsFile.read(weights, source, h5.length, limit);
      }
    }

    /**
     * The files under {@code assets/} by their name in the archive, at most {@code maxBytes} in all
     * (a vocabulary is text; a larger total is refused before it is inflated further).
     */
    public Map<String, byte[]> assets(long maxBytes) {
      Map<String, byte[]> assets = new LinkedHashMap<>();
      long left = maxBytes;
      for (ZipEntry item : zip.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(ASSETS)).toList()) {
        byte[] content = entry(item.getName(), left, "the limit for a model's assets");
        left -= content.length;
        assets.put(item.getName(), content);
      }
      return assets;
    }

    private byte[] entry(String name, long limit, String why) {
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        throw new IllegalArgumentException(file + " is not a Keras 3 model file: it has no " + name
            + " (it holds " + zip.stream().map(ZipEntry::getName).limit(20).toList() + ")");
      }
      String source = file + "!" + name;
      long declared = entry.getSize();
      if (declared > limit) {
        throw tooLarge(source, "declares " + declared + " bytes", limit, why);
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return BoundedEntry.read(in, source, declared, entry.getCrc(), limit, why);
      } catch (IOException e) {
        throw new IllegalArgumentException(source + " is corrupt: " + e.getMessage()
            + "; the file may be truncated or damaged", e);
      }
    }

    @Override
    public void close() {
      try {
        zip.close();
      } catch (IOException ignored) {
        // read-only: nothing to lose
      }
    }
  }

  static IllegalArgumentException tooLarge(String source, String what, long limit, String why) {
    return new IllegalArgumentException(source + " " + what + ", more than the " + limit + " bytes allowed ("
        + why + "): the file is corrupt or a zip bomb, and is not inflated further");
  }
}
