package dev.jkeras.datasets;

import java.util.Objects;

/**
 * Where a data set was loaded from; {@link #toString()} reads as a phrase, e.g. "the system data
 * directory /usr/share/datasets/fashion-mnist".
 *
 * @param kind the kind of place
 * @param location the directory, file or classpath resource the data was read from
 * @param origin for {@link Kind#DOWNLOAD}, the URL the files were downloaded from; otherwise null
 */
public record DataSource(Kind kind, String location, String origin) {

  /** The kinds of place a data set can come from. */
  public enum Kind {
    /** Keras's own cache, {@code ~/.keras/datasets} or {@code $KERAS_HOME/datasets}. */
    KERAS_CACHE("the Keras cache"),
    /** A system-wide directory such as the Debian package path {@code /usr/share/datasets}. */
    SYSTEM("the system data directory"),
    /** jkeras's download cache, {@code ~/.jkeras/datasets} or {@code $JKERAS_HOME/datasets}. */
    JKERAS_CACHE("the jkeras cache"),
    /** Downloaded just now into the jkeras cache. */
    DOWNLOAD("a download"),
    /** A directory the caller named. */
    DIRECTORY("the directory"),
    /** Resources on the class path, such as the subset shipped with the samples. */
    CLASSPATH("the classpath resource");

    private final String phrase;

    Kind(String phrase) {
      this.phrase = phrase;
    }

    /** How the kind reads in a sentence: "the Keras cache". */
    public String phrase() {
      return phrase;
    }
  }

  /** Checks the parts; {@code origin} is required for downloads only. */
  public DataSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    if ((kind == Kind.DOWNLOAD) != (origin != null)) {
      throw new IllegalArgumentException("origin is given for downloads and only for them; kind " + kind);
    }
  }

  /** A data set read from {@code location}, a place of the given (non-download) kind. */
  public static DataSource of(Kind kind, String location) {
    return new DataSource(kind, location, null);
  }

  /** A data set downloaded from {@code url} into {@code location}. */
  public static DataSource downloaded(String url, String location) {
    return new DataSource(Kind.DOWNLOAD, location, url);
  }

  @Override
  public String toString() {
    return kind == Kind.DOWNLOAD
        ? "a download from " + origin + " into " + location
        : kind.phrase() + " " + location;
  }
}
