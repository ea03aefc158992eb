package dev.jkeras.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of a directory with their labels, as Keras's {@code dataset_utils.index_directory}: with
 * inferred labels each (non-hidden) subdirectory is a class, in sorted order or the order of the
 * given class names, and its files, at any depth, are listed directory by directory in sorted order;
 * then, with {@code shuffle}, files and labels are shuffled together by numpy's {@code
 * RandomState(seed)}, so a seed gives Keras's exact order.
 *
 * @param filePaths the files, as the directory given joined with their relative paths
 * @param labels one label per file, or null without labels
 * @param classNames the class names (the labels' meaning), or null without labels
 */
record DirectoryIndex(List<String> filePaths, int[] labels, List<String> classNames) {
  /** Comparing strings by code points, as Python sorts them. */
  static final Comparator<String> PYTHON_ORDER = (a, b) -> Arrays.compare(a.codePoints().toArray(),
      b.codePoints().toArray());

  /** What the labels are: inferred from subdirectories, none, or given per file. */
  sealed interface Labels permits Inferred, NoLabels, Given {}

  /** {@code labels="inferred"}, with an optional explicit class order. */
  record Inferred(List<String> classNames) implements Labels {}

  /** {@code labels=None}. */
  record NoLabels() implements Labels {}

  /** {@code labels=[...]}: one integer per file, in the files' sorted order. */
  record Given(int[] labels) implements Labels {}

  /**
   * Indexes {@code directory}, keeping files whose lower-cased name ends with one of {@code formats}.
   * Prints Keras's "Found N files belonging to K classes." when {@code verbose}.
   */
  static DirectoryIndex index(Path directory, Labels labels, List<String> formats, boolean shuffle, long seed,
      boolean followLinks, boolean verbose) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("The directory " + directory + " does not exist or is not a directory"
          + (Files.exists(directory) ? " (it is a file)" : "") + "; give the folder that holds the data"
          + (labels instanceof Inferred ? ", one subfolder per class" : ""));
    }
    List<String> subdirs = labels instanceof Inferred inferred ? classDirectories(directory, inferred.classNames())
        : List.of("");
    List<String> files = new ArrayList<>();
    List<Integer> fileLabels = new ArrayList<>();
    for (int c = 0; c < subdirs.size(); c++) {
      String subdir = subdirs.get(c);
      Path root = subdir.isEmpty() ? directory : directory.resolve(subdir);
      for (String relative : new FileWalk(root, formats, followLinks).files()) {
        files.add(subdir.isEmpty() ? relative : subdir + "/" + relative);
        fileLabels.add(c);
      }
    }
    int[] labelArray;
    List<String> classNames;
    if (labels instanceof Inferred) {
      labelArray = fileLabels.stream().mapToInt(Integer::intValue).toArray();
      classNames = subdirs;
    } else if (labels instanceof Given given) {
      if (given.labels().length != files.size()) {
        throw new IllegalArgumentException("Expected the lengths of `labels` to match the number of files in the "
            + "target directory. len(labels) is " + given.labels().length + " while we found " + files.size()
            + " files in directory " + directory + ".");
      }
      labelArray = given.labels().clone();
      classNames = new TreeSet<>(Arrays.stream(labelArray).boxed().toList()).stream().map(String::valueOf).toList();
    } else {
      labelArray = null;
      classNames = null;
    }
    if (verbose) {
      System.out.println(labelArray == null ? "Found " + files.size() + " files."
          : "Found " + files.size() + " files belonging to " + classNames.size() + " classes.");
    }
    List<String> paths = new ArrayList<>(files.stream().map(f -> directory.resolve(f).toString()).toList());
    if (shuffle) {
      new NumpyRandomState(seed).shuffle(paths);
      if (labelArray != null) {
        new NumpyRandomState(seed).shuffle(labelArray);
      }
    }
    return new DirectoryIndex(List.copyOf(paths), labelArray, classNames);
  }

  /** The class subdirectories: sorted non-hidden subdirectories, or {@code classNames} (a subset of them) in its order. */
  private static List<String> classDirectories(Path directory, List<String> classNames) {
    List<String> subdirs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry) && !name.startsWith(".")) {
          subdirs.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the directory " + directory, e);
    }
    subdirs.sort(PYTHON_ORDER);
    if (classNames == null) {
      return List.copyOf(subdirs);
    }
    if (!new HashSet<>(subdirs).containsAll(classNames)) {
      throw new IllegalArgumentException("The `class_names` passed did not match the names of the subdirectories "
          + "of the target directory. Expected: " + pythonList(subdirs) + " (or a subset of it), but received: "
          + "class_names=" + pythonList(classNames));
    }
    if (new LinkedHashSet<>(classNames).size() != classNames.size()) {
      throw new IllegalArgumentException("class_names has duplicates: " + pythonList(classNames)
          + "; name each class folder once");
    }
    return List.copyOf(classNames);
  }

  static String pythonList(List<?> items) {
    return items.stream().map(i -> i instanceof String s ? "'" + s + "'" : String.valueOf(i))
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  /**
   * The files under a directory as {@code os.walk} then sorting gives them: directories in the order of
   * their path strings, each one's files sorted, relative paths with '/'. Without {@code followLinks},
   * links to directories are not entered (links to files are listed); with it, a link that leads back
   * to a directory already on the path is skipped with a warning, so a loop does not recurse forever.
   */
  private record FileWalk(Path root, List<String> formats, boolean followLinks) {

    List<String> files() {
      List<Directory> directories = new ArrayList<>();
      walk(root, "", new HashSet<>(), directories);
      directories.sort(Comparator.comparing(Directory::relative, PYTHON_ORDER));
      List<String> files = new ArrayList<>();
      for (Directory d : directories) {
        for (String name : d.files()) {
          files.add(d.relative().isEmpty() ? name : d.relative() + "/" + name);
        }
      }
      return files;
    }

    private record Directory(String relative, List<String> files) {}

    private void walk(Path dir, String relative, Set<Path> onPath, List<Directory> out) {
      Path real = realPath(dir);
      if (real != null && !onPath.add(real)) {
        System.out.println("Warning: " + dir + " links back to " + real + ", a directory it is inside of; "
            + "skipping it (a symbolic link loop)");
        return;
      }
      List<String> names = new ArrayList<>();
      List<String> subdirectories = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          boolean isDirectory = Files.isDirectory(entry);
          if (isDirectory) {
            if (followLinks || !Files.isSymbolicLink(entry)) {
              subdirectories.add(name);
            }
          } else if (hasFormat(name)) {
            names.add(name);
          }
        }
      } catch (IOException e) {
        // os.walk ignores directories it cannot list.
        System.out.println("Warning: cannot list " + dir + " (" + e.getMessage() + "); skipping it");
        if (real != null) {
          onPath.remove(real);
        }
        return;
      }
      names.sort(PYTHON_ORDER);
      out.add(new Directory(relative, names));
      for (String sub : subdirectories) {
        walk(dir.resolve(sub), relative.isEmpty() ? sub : relative + "/" + sub, onPath, out);
      }
      if (real != null) {
        onPath.remove(real);
      }
    }

    private boolean hasFormat(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      return formats.stream().anyMatch(lower::endsWith);
    }

    private static Path realPath(Path dir) {
      try {
        return dir.toRealPath();
      } catch (IOException e) {
        return null;
      }
    }
  }
}
