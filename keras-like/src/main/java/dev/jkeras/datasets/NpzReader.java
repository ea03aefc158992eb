package dev.jkeras.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Reads named uint8 arrays from a NumPy {@code .npz} file: a zip of {@code <name>.npy} entries. */
final class NpzReader {
  private NpzReader() {}

  /**
   * Reads the arrays called {@code names}, in that order.
   *
   * @throws IllegalStateException if the file is not a zip, lacks one of the arrays, or holds a bad one
   * @throws UncheckedIOException if it cannot be read
   */
  static Map<String, Uint8Array> read(Path file, List<String> names) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Map<String, Uint8Array> arrays = new LinkedHashMap<>();
      for (String name : names) {
        ZipEntry entry = zip.getEntry(name + ".npy");
        if (entry == null) {
          throw new IllegalStateException("The .npz file " + file + " has no array '" + name + "'; it holds "
              + Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList()
              + ". Delete it and fetch it again.");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(name, NpyReader.read(in, file + "!" + entry.getName()));
        }
      }
      return arrays;
    } catch (ZipException e) {
      throw new IllegalStateException("The .npz file " + file + " is not a valid zip file (" + e.getMessage()
          + "); it may be truncated. Delete it and fetch it again.", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read .npz file " + file + ": " + e, e);
    }
  }
}
