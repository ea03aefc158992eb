package dev.jkeras.samples;

import dev.jkeras.data.Dataset;
import dev.jkeras.utils.Np;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The items of Git's release notes as a folder of text files, one class folder per section: every
 * {@code " * "} item of a {@code 2.N.0.txt} file listed under "UI, Workflows &amp; Features" goes to
 * {@code features/}, every one under "Fixes since v…" to {@code fixes/} (items of other sections are
 * left out). The {@code (merge … later to maint).} trailer lines are removed, since they would give
 * the section away. The larger class is cut to the size of the smaller one, so chance is 50%; items
 * are split in order, 3 of 5 for training, 1 for validation, 1 for testing.
 */
final class ReleaseNoteItems {
  static final List<String> CLASSES = List.of("features", "fixes");
  private static final Pattern MAJOR_RELEASE = Pattern.compile("2\\.(\\d+)\\.0\\.txt");
  private static final Pattern MERGE_TRAILER = Pattern.compile("\\s*\\(merge [0-9a-f]+ [^)]*\\)\\.?");

  private final Path folder;
  private final int notesFiles;
  private final List<List<Path>> splits;
  private final List<List<Float>> labels;
  private final int perClass;

  private ReleaseNoteItems(Path folder, int notesFiles, List<List<Path>> splits, List<List<Float>> labels,
      int perClass) {
    this.folder = folder;
    this.notesFiles = notesFiles;
    this.splits = splits;
    this.labels = labels;
    this.perClass = perClass;
  }

  /** Reads at most {@code maxNotes} release notes from {@code notes} and writes their items under {@code folder}. */
  static ReleaseNoteItems write(Path notes, Path folder, int maxNotes) {
    if (!Files.isDirectory(notes)) {
      throw new IllegalStateException("Git's release notes are not at " + notes + ": install the Debian package "
          + "git (apt-get install git), which ships them");
    }
    try {
      List<Path> files;
      try (Stream<Path> listing = Files.list(notes)) {
        files = listing.filter(p -> MAJOR_RELEASE.matcher(p.getFileName().toString()).matches())
            .sorted(Comparator.comparingInt(ReleaseNoteItems::minorVersion))
            .limit(maxNotes)
            .toList();
      }
      List<List<String>> items = List.of(new ArrayList<>(), new ArrayList<>());
      for (Path file : files) {
        collect(Files.readAllLines(file, StandardCharsets.UTF_8), items);
      }
      int perClass = Math.min(items.get(0).size(), items.get(1).size());
      if (perClass < 5) {
        throw new IllegalStateException("Only " + perClass + " items per class in " + files.size() + " release notes of "
            + notes + ": too few to train on");
      }
      List<List<Path>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      List<List<Float>> labels = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int c = 0; c < CLASSES.size(); c++) {
        Path classFolder = folder.resolve(CLASSES.get(c));
        if (Files.isDirectory(classFolder)) {
          try (Stream<Path> old = Files.list(classFolder)) {
            for (Path p : old.toList()) {
              Files.delete(p);
            }
          }
        }
        Files.createDirectories(classFolder);
        for (int i = 0; i < perClass; i++) {
          Path file = classFolder.resolve(String.format("%05d.txt", i));
          Files.writeString(file, items.get(c).get(i), StandardCharsets.UTF_8);
          int split = i % 5 == 3 ? 1 : i % 5 == 4 ? 2 : 0;
          splits.get(split).add(file);
          labels.get(split).add((float) c);
        }
      }
      return new ReleaseNoteItems(folder, files.size(), splits, labels, perClass);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the release-note items under " + folder + ": " + e.getMessage(), e);
    }
  }

  private static int minorVersion(Path file) {
    Matcher m = MAJOR_RELEASE.matcher(file.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
  }

  /** Adds each item of one release notes file to its section's list (0 features, 1 fixes). */
  private static void collect(List<String> lines, List<List<String>> items) {
    int section = -1;
    StringBuilder item = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      boolean header = !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
      if (header) {
        add(item, section, items);
        item = null;
        boolean underlined = n + 1 < lines.size() && lines.get(n + 1).matches("[-=]{3,}");
        if (line.startsWith("UI, Workflows")) {
          section = 0;
        } else if (line.startsWith("Fixes since")) {
          section = 1;
        } else if (underlined || line.startsWith("Performance") || line.startsWith("Backward")
            || line.startsWith("Ports") || line.startsWith("Note to")) {
          section = -1;
        }
      } else if (line.startsWith(" * ")) {
        add(item, section, items);
        item = new StringBuilder(line.substring(3).trim());
      } else if (item != null && !line.isBlank()) {
        item.append(item.charAt(item.length() - 1) == '\n' ? "" : " ").append(line.trim());
      } else if (item != null) {
        item.append('\n');
      }
    }
    add(item, section, items);
  }

  private static void add(StringBuilder item, int section, List<List<String>> items) {
    if (item == null || section < 0) {
      return;
    }
    List<String> paragraphs = new ArrayList<>();
    for (String paragraph : item.toString().split("\n")) {
      String kept = MERGE_TRAILER.matcher(paragraph).replaceAll("").trim();
      if (!kept.isEmpty()) {
        paragraphs.add(kept);
      }
    }
    if (!paragraphs.isEmpty()) {
      items.get(section).add(String.join("\n\n", paragraphs) + "\n");
    }
  }

  /** Split 0 (train), 1 (validation) or 2 (test) as (file name, label) elements, label shape (1,). */
  Dataset files(int split) {
    List<Path> paths = splits.get(split);
    String[] names = paths.stream().map(Path::toString).toArray(String[]::new);
    float[][] y = new float[paths.size()][1];
    for (int i = 0; i < y.length; i++) {
      y[i][0] = labels.get(split).get(i);
    }
    return Dataset.fromTensorSlices(Np.array(names), Np.array(y));
  }

  String describe() {
    return String.format("Git's release notes (Debian package git, %s): %d notes files, %d items per class "
        + "(features, fixes) written to %s; %d train, %d validation, %d test files", TextClassifier.RELEASE_NOTES,
        notesFiles, perClass, folder, splits.get(0).size(), splits.get(1).size(), splits.get(2).size());
  }
}
