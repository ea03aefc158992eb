package dev.jkeras.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A named stream of bytes, a file or a classpath resource, gzip-compressed or not.
 *
 * @param name the file's path or the resource's name, for messages
 * @param opener opens the raw stream
 */
record DataFile(String name, Opener opener) {
  private static final int BUFFER = 1 << 16;

  /** Opens a raw stream. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  static DataFile of(Path path) {
    return new DataFile(path.toString(), () -> Files.newInputStream(path));
  }

  /** Opens the content, decompressing it when it starts with the gzip magic number. */
  InputStream openContent() throws IOException {
    InputStream in = new BufferedInputStream(opener.open(), BUFFER);
    try {
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      return gzip ? new GZIPInputStream(in, BUFFER) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
