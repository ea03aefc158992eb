package dev.jkeras.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to load a SavedModel: the tag set of the meta graph to load ({@code serve} when empty) and the
 * op types the safety screen lets through although it would refuse them (ops that touch files, the
 * network or other processes, and ops the runtime does not know). An immutable value:
 *
 * <pre>{@code
 * SavedModels.load(dir, SavedModelOptions.defaults().tags("serve", "gpu").allowOps("ReadFile"));
 * }</pre>
 */
public record SavedModelOptions(List<String> tags, Set<String> allowedOps) {
  private static final SavedModelOptions DEFAULTS = new SavedModelOptions(List.of(), Set.of());

  public SavedModelOptions {
    tags = List.copyOf(tags);
    allowedOps = Set.copyOf(allowedOps);
  }

  /** The tag {@code serve}, no ops allowed beyond the screen's defaults. */
  public static SavedModelOptions defaults() {
    return DEFAULTS;
  }

  /** These options loading the meta graph tagged exactly {@code tags} (in any order). */
  public SavedModelOptions tags(String... tags) {
    return new SavedModelOptions(Arrays.asList(tags), allowedOps);
  }

  /**
   * These options also letting through the op types {@code ops}, e.g. {@code "ReadFile"}: do this only
   * for SavedModels you trust, as those ops run with your process's rights when a signature is called.
   */
  public SavedModelOptions allowOps(String... ops) {
    Set<String> allowed = new TreeSet<>(allowedOps);
    allowed.addAll(Arrays.asList(ops));
    return new SavedModelOptions(tags, allowed);
  }

  /** The tags to load: {@link #tags()}, or {@code [serve]} when none were given. */
  public List<String> effectiveTags() {
    return tags.isEmpty() ? List.of("serve") : tags;
  }
}
