package dev.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
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
  /** The Keras version whose format jkeras writes, recorded in {@code metadata.json}. */
  public static final String KERAS_VERSION = "3.10.0";

  private KerasArchive() {}

  /** What a {@code .keras} file holds: the model's config and its weights by object path. */
  public record Contents(Map<String, Object> config, Map<String, java.util.List<org.tensorflow.ndarray.NdArray<?>>> weights) {}

  /**
   * Writes {@code config} and {@code weights} to {@code file}: to a temporary file in the same
   * directory first, moved into place once complete, so a crash never leaves a half-written model.
   */
  public static void write(Path file, Map<String, ?> config, Map<String, WeightsFile.SavedObject> weights) {
    Path target = file.toAbsolutePath().normalize();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("keras_version", KERAS_VERSION);
    metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
    AtomicFiles.write(target, staging -> {
      Path h5 = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".h5.tmp");
      try {
        WeightsFile.write(h5, weights);
        try (OutputStream out = Files.newOutputStream(staging); ZipOutputStream zip = new ZipOutputStream(out)) {
          putEntry(zip, METADATA, Json.write(metadata).getBytes(StandardCharsets.UTF_8));
          putEntry(zip, CONFIG, Json.write(config).getBytes(StandardCharsets.UTF_8));
          zip.putNextEntry(new ZipEntry(WEIGHTS));
          Files.copy(h5, zip);
          zip.closeEntry();
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

  /** Reads a {@code .keras} file, with an error naming the file and what is wrong with it. */
  public static Contents read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("No such file: " + file.toAbsolutePath()
          + (Files.isDirectory(file) ? " is a directory (a SavedModel? open it with SavedModels.load)" : ""));
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Map<String, Object> config = Json.parse(new String(entry(zip, file, CONFIG), StandardCharsets.UTF_8),
          file + "!" + CONFIG);
      byte[] h5 = entry(zip, file, WEIGHTS);
      try (HdfFile weights = HdfFile.fromBytes(h5)) {
        return new Contents(config, WeightsFile.read(weights, file + "!" + WEIGHTS));
      } catch (HdfException e) {
        throw new IllegalArgumentException(file + "!" + WEIGHTS + " is not a readable HDF5 file (corrupt or "
            + "truncated): " + e.getMessage(), e);
      }
    } catch (ZipException e) {
      throw new IllegalArgumentException(file + " is not a .keras file: it is not a readable zip archive ("
          + e.getMessage() + "); it may be truncated or corrupt", e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No such file: " + file.toAbsolutePath(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] entry(ZipFile zip, Path file, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IllegalArgumentException(file + " is not a Keras 3 model file: it has no " + name
          + " (it holds " + zip.stream().map(ZipEntry::getName).toList() + ")");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    } catch (ZipException e) {
      throw new IllegalArgumentException(file + "!" + name + " is corrupt: " + e.getMessage(), e);
    }
  }
}
