package dev.jkeras.datasets;

import java.util.Locale;
import java.util.Objects;

/**
 * The hash a file must have: the algorithm ({@code SHA-256} or {@code MD5}), the lower-case hex digest,
 * and whether it is of the file's gunzipped content rather than of its bytes.
 */
record FileHash(String algorithm, String hex, boolean ofGunzipped) {
  static final String SHA256 = "SHA-256";
  static final String MD5 = "MD5";

  FileHash {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    int length = algorithm.equals(SHA256) ? 64 : algorithm.equals(MD5) ? 32 : -1;
    if (length < 0) {
      throw new IllegalArgumentException("Unknown hash algorithm " + algorithm + "; use sha256 or md5");
    }
    if (!hex.matches("[0-9a-f]{" + length + "}")) {
      throw new IllegalArgumentException("Not a " + length + "-digit hex " + algorithm + " hash: '" + hex + "'");
    }
  }

  /**
   * The hash as Keras's {@code get_file(file_hash=..., hash_algorithm=...)} reads it: {@code "auto"}
   * takes a 64-digit hash as SHA-256 and anything else as MD5; upper-case digits are accepted.
   */
  static FileHash keras(String hash, String algorithm) {
    Objects.requireNonNull(hash, "hash");
    String hex = hash.strip().toLowerCase(Locale.ROOT);
    String name = algorithm == null ? "auto" : algorithm.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "sha256" -> new FileHash(SHA256, hex, false);
      case "md5" -> new FileHash(MD5, hex, false);
      case "auto" -> new FileHash(hex.length() == 64 ? SHA256 : MD5, hex, false);
      default -> throw new IllegalArgumentException("Unknown hash algorithm '" + algorithm
          + "'; Keras knows \"auto\", \"sha256\" and \"md5\"");
    };
  }

  /** Keras's name of the algorithm: {@code sha256} or {@code md5}. */
  String kerasName() {
    return algorithm.equals(SHA256) ? "sha256" : "md5";
  }
}
