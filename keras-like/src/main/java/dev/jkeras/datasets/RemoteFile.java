package dev.jkeras.datasets;

import java.util.Objects;

/**
 * One file of a data set: its path under a datasets directory ({@code fashion-mnist/t10k-labels-idx1-ubyte.gz})
 * and, when it may be downloaded, the SHA-256 a download must have.
 *
 * @param path relative path, '/'-separated; its last segment is also the file's name on the server
 * @param sha256 lower-case hex SHA-256, or null when the file is never downloaded
 * @param hashOfGunzipped whether {@code sha256} is of the gunzipped content rather than of the file:
 *     repackagers (Debian among them) recompress files, which changes the file's hash but not its content
 */
record RemoteFile(String path, String sha256, boolean hashOfGunzipped) {

  RemoteFile {
    Objects.requireNonNull(path, "path");
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("Not a lower-case hex SHA-256: " + sha256);
    }
  }

  /** A file that is found locally but never downloaded. */
  static RemoteFile localOnly(String path) {
    return new RemoteFile(path, null, false);
  }

  /** A downloadable file whose bytes have the given SHA-256. */
  static RemoteFile withFileHash(String path, String sha256) {
    return new RemoteFile(path, sha256, false);
  }

  /** A downloadable gzip file whose decompressed bytes have the given SHA-256. */
  static RemoteFile withGunzippedHash(String path, String sha256) {
    return new RemoteFile(path, sha256, true);
  }

  /** The hash a download must have, or null when the file is never downloaded. */
  FileHash hash() {
    return sha256 == null ? null : new FileHash(FileHash.SHA256, sha256, hashOfGunzipped);
  }

  /** The last path segment: the name on the download server. */
  String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
