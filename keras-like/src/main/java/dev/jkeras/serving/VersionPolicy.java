package dev.jkeras.serving;

import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the versions under a model's base path are served, as TF Serving's {@code
 * model_version_policy}: the newest ({@code latest}, the default, with {@code num_versions} 1), all of
 * them, or specific ones.
 */
public sealed interface VersionPolicy {
  /** The {@code n} highest-numbered versions. */
  record Latest(int numVersions) implements VersionPolicy {
    public Latest {
      if (numVersions < 1) {
        throw new IllegalArgumentException("latest { num_versions } must be at least 1, got " + numVersions);
      }
    }
  }

  /** Every version on disk. */
  record All() implements VersionPolicy {}

  /** The versions listed. */
  record Specific(Set<Long> versions) implements VersionPolicy {
    public Specific {
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("specific { versions } needs at least one version");
      }
      versions = Set.copyOf(versions);
    }
  }

  static VersionPolicy latest() {
    return new Latest(1);
  }

  /** The versions of {@code available} this policy serves. */
  default NavigableSet<Long> select(NavigableSet<Long> available) {
    if (this instanceof Latest latest) {
      NavigableSet<Long> chosen = new TreeSet<>();
      for (Long v : available.descendingSet()) {
        if (chosen.size() == latest.numVersions()) {
          break;
        }
        chosen.add(v);
      }
      return chosen;
    } else if (this instanceof Specific specific) {
      NavigableSet<Long> chosen = new TreeSet<>(available);
      chosen.retainAll(specific.versions());
      return chosen;
    }
    return new TreeSet<>(available);
  }

  /** For messages: {@code [7, 9]}. */
  default List<Long> listed() {
    return this instanceof Specific s ? List.copyOf(new TreeSet<>(s.versions())) : List.of();
  }
}
