package dev.jkeras.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 digests of files, as lower-case hex. */
final class Checksums {
  private Checksums() {}

  /** The SHA-256 of {@code file}'s bytes, or of its gunzipped content when {@code gunzip}. */
  static String sha256(Path file, boolean gunzip) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gunzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return sha256(in);
    }
  }

  /** The SHA-256 of everything left in {@code in}. */
  static String sha256(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) != -1; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime lacks SHA-256, which every Java platform must provide", e);
    }
  }
}
