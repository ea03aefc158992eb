package dev.jkeras.datasets;

import java.util.List;

/** One way a data set can lie on disk: the files that must all be present together. */
record FileSet(List<RemoteFile> files) {

  FileSet {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("A file set needs at least one file");
    }
  }

  static FileSet of(RemoteFile... files) {
    return new FileSet(List.of(files));
  }

  /** Whether every file has a checksum, so that it can be downloaded and verified. */
  boolean downloadable() {
    return files.stream().allMatch(f -> f.sha256() != null);
  }
}
