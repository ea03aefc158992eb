package dev.jkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks, before any pipeline runs, that each file starts as a BMP, GIF, JPEG or PNG file does, so a
 * stray file with an image's extension fails naming the file rather than as TensorFlow's anonymous
 * "Unknown image file format" in the middle of an epoch.
 */
final class ImageFileCheck {
  private ImageFileCheck() {}

  static void requireImages(List<String> files) {
    for (String file : files) {
      byte[] head = head(Path.of(file));
      if (!isImage(head)) {
        throw new IllegalArgumentException("The file " + file + " is not a BMP, GIF, JPEG or PNG image (it starts "
            + "with bytes " + HexFormat.ofDelimiter(" ").formatHex(head) + "), though its name says it is; remove "
            + "it from the directory or replace it with an image");
      }
    }
  }

  private static byte[] head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(8);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the image file " + file + ": " + e, e);
    }
  }

  static boolean isImage(byte[] h) {
    return starts(h, 0x89, 'P', 'N', 'G') || starts(h, 0xFF, 0xD8, 0xFF) || starts(h, 'G', 'I', 'F', '8')
        || starts(h, 'B', 'M');
  }

  private static boolean starts(byte[] h, int... magic) {
    if (h.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((h[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
