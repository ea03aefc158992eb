package dev.jkeras.samples;

import dev.jkeras.backend.AtomicFiles;
import dev.jkeras.saving.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a sample run recorded ({@link SampleArgs#record}), written as {@code results.json}
 * in the sample's output directory; {@link SamplesReport} builds the samples README's table from them.
 */
final class RunResults {
  static final String FILE = "results.json";

  private RunResults() {}

  static Path write(Sample sample, SampleArgs args, String commandLine) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("sample", sample.name());
    results.put("arguments", commandLine);
    results.put("date", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
    results.put("figures", args.results());
    Path file = args.outputDir(sample).resolve(FILE);
    AtomicFiles.write(file, staging -> Files.writeString(staging, Json.write(results), StandardCharsets.UTF_8));
    return file;
  }
}
