package dev.jkeras.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 and MD5 digests of files, as lower-case hex. */
final class Checksums {
  private Checksums() {}

  /** The SHA-256 of {@code file}'s bytes, or of its gunzipped content when {@code gunzip}. */
  static String sha256(Path file, boolean gunzip) throws IOException {
    return digest(file, FileHash.SHA256, gunzip);
  }

  /** The {@code algorithm} digest of {@code file}'s bytes, or of its gunzipped content when {@code gunzip}. */
  static String digest(Path file, String algorithm, boolean gunzip) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gunzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      return digest(in, algorithm);
    }
  }

  /** Whether {@code file} has the hash {@code expected}. */
  static boolean matches(Path file, FileHash expected) throws IOException {
    return digest(file, expected.algorithm(), expected.ofGunzipped()).equals(expected.hex());
  }

  /** The SHA-256 of everything left in {@code in}. */
  static String sha256(InputStream in) throws IOException {
    return digest(in, FileHash.SHA256);
  }

  private static String digest(InputStream in, String algorithm) throws IOException {
    MessageDigest digest = newDigest(algorithm);
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) != -1; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest(FileHash.SHA256).digest(bytes));
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime lacks " + algorithm + ", which every Java platform must provide", e);
    }
  }
}
