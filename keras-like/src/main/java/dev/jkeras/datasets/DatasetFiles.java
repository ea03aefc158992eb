package dev.jkeras.datasets;

import java.util.List;

/**
 * What a data set is on disk: its layouts, tried in order in each place searched, the first of which
 * is the one downloaded; and how a user gets the files by hand.
 *
 * @param name the data set's name in messages, "Fashion-MNIST"
 * @param layouts the ways its files can lie under a datasets directory
 * @param howToGet the advice ending a "not found" error
 */
record DatasetFiles(String name, List<FileSet> layouts, String howToGet) {

  DatasetFiles {
    layouts = List.copyOf(layouts);
    if (layouts.isEmpty()) {
      throw new IllegalArgumentException("A data set needs at least one layout");
    }
  }

  /** The layout a download produces, when it has checksums for all its files. */
  FileSet downloadLayout() {
    return layouts.get(0);
  }
}
