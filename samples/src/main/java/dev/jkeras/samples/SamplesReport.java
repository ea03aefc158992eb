package dev.jkeras.samples;

import dev.jkeras.backend.AtomicFiles;
import dev.jkeras.saving.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rewrites the table of {@code samples/README.md} from the {@code results.json} files real runs
 * left in the output root: {@code SamplesReport [output root] [README]}, by default
 * {@code jkeras-output} and {@code samples/README.md}. Samples without a run say so.
 */
public final class SamplesReport {
  static final String BEGIN = "<!-- results:begin -->";
  static final String END = "<!-- results:end -->";

  private SamplesReport() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "jkeras-output");
    Path readme = Path.of(args.length > 1 ? args[1] : "samples/README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(readme + " has no " + BEGIN + " ... " + END + " section to fill");
    }
    String updated = text.substring(0, begin + BEGIN.length()) + "\n" + table(root) + text.substring(end);
    AtomicFiles.write(readme, staging -> Files.writeString(staging, updated, StandardCharsets.UTF_8));
    System.out.println("Updated " + readme.toAbsolutePath() + " from the runs in " + root.toAbsolutePath());
  }

  static String table(Path root) throws IOException {
    StringBuilder table = new StringBuilder();
    table.append("| Sample | Ports | Command | A run gave | The book reports |\n|---|---|---|---|---|\n");
    for (Sample sample : Samples.all()) {
      Path results = root.resolve(sample.name()).resolve(RunResults.FILE);
      String figures = Files.isRegularFile(results) ? figures(results) : "(no run recorded)";
      table.append("| `").append(sample.name()).append("` | ").append(sample.description()).append(" | `")
          .append("mvn -q -pl samples exec:java -Dexec.args=\"").append(sample.name()).append("\"` | ")
          .append(figures).append(" | ").append(sample.bookReports()).append(" |\n");
    }
    return table.toString();
  }

  @SuppressWarnings("unchecked")
  private static String figures(Path results) throws IOException {
    Map<String, Object> run = Json.parse(Files.readString(results, StandardCharsets.UTF_8), results.toString());
    Map<String, Object> figures = (Map<String, Object>) run.getOrDefault("figures", Map.of());
    String values = figures.entrySet().stream()
        .map(e -> e.getKey() + " " + format(e.getValue()))
        .collect(Collectors.joining(", "));
    return values + " (" + run.get("date") + (String.valueOf(run.get("arguments")).isBlank() ? ""
        : ", args `" + run.get("arguments") + "`") + ")";
  }

  private static String format(Object value) {
    return value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(value);
  }
}
