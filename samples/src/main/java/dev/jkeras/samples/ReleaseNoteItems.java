package dev.jkeras.samples;

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
 * are split in order, 4 of 5 to {@code train/<class>/} (where {@code text_dataset_from_directory}'s
 * {@code validation_split} takes a quarter of them for validation), 1 of 5 to {@code test/<class>/},
 * as the IMDB folder of Deep Learning with Python ch. 11 is laid out.
 */
final class ReleaseNoteItems {
  static final List<String> CLASSES = List.of("features", "fixes");
  private static final Pattern MAJOR_RELEASE = Pattern.compile("2\\.(\\d+)\\.0\\.txt");
  private static final Pattern MERGE_TRAILER = Pattern.compile("\\s*\\(merge [0-9a-f]+ [^)]*\\)\\.?");

  private final Path folder;
  private final int notesFiles;
  private final int perClass;
  private final int trainFiles;
  private final int testFiles;

  private ReleaseNoteItems(Path folder, int notesFiles, int perClass, int trainFiles, int testFiles) {
    this.folder = folder;
    this.notesFiles = notesFiles;
    this.perClass = perClass;
    this.trainFiles = trainFiles;
    this.testFiles = testFiles;
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
      int[] written = new int[2];
      for (String split : List.of("train", "test")) {
        for (String name : CLASSES) {
          clearItems(folder.resolve(split).resolve(name));
        }
      }
      for (int c = 0; c < CLASSES.size(); c++) {
        for (int i = 0; i < perClass; i++) {
          int split = i % 5 == 4 ? 1 : 0;
          Path classFolder = folder.resolve(split == 0 ? "train" : "test").resolve(CLASSES.get(c));
          Files.writeString(classFolder.resolve(String.format("%05d.txt", i)), items.get(c).get(i),
              StandardCharsets.UTF_8);
          written[split]++;
        }
      }
      return new ReleaseNoteItems(folder, files.size(), perClass, written[0], written[1]);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the release-note items under " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code classFolder}, removing the item files an earlier run wrote there (and nothing else). */
  private static void clearItems(Path classFolder) throws IOException {
    if (Files.isDirectory(classFolder)) {
      try (Stream<Path> old = Files.list(classFolder)) {
        for (Path p : old.filter(f -> f.getFileName().toString().matches("\\d{5}\\.txt")).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(classFolder);
  }

  /** The folder of the training items (with validation's), one subfolder per class. */
  Path train() {
    return folder.resolve("train");
  }

  /** The folder of the test items, one subfolder per class. */
  Path test() {
    return folder.resolve("test");
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

  String describe() {
    return String.format("Git's release notes (Debian package git, %s): %d notes files, %d items per class "
        + "(features, fixes) written to %s: %d files in train/ (a quarter of them for validation), %d in test/",
        TextClassifier.RELEASE_NOTES, notesFiles, perClass, folder, trainFiles, testFiles);
  }
}
