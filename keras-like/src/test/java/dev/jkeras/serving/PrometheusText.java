package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reader of Prometheus's text exposition format (version 0.0.4) for tests: {@code # TYPE} lines and
 * samples {@code name{label="value",...} number}, with the format's escapes; it fails on any line the
 * format does not allow.
 */
final class PrometheusText {
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

  record Sample(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  PrometheusText(String text) {
    assertTrue(text.endsWith("\n"), "the text ends with a newline");
    for (String line : text.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        assertTrue(types.put(type.group(1), type.group(2)) == null, "one TYPE line per metric: " + line);
        continue;
      }
      if (line.startsWith("#")) {
        fail("unexpected comment: " + line);
      }
      Matcher sample = SAMPLE.matcher(line);
      assertTrue(sample.matches(), "not a sample line: " + line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(3) != null && !sample.group(3).isEmpty()) {
        Matcher label = LABEL.matcher(sample.group(3));
        int end = 0;
        while (label.find() && label.start() == end) {
          labels.put(label.group(1), unescape(label.group(2)));
          end = label.end();
        }
        assertEquals(sample.group(3).length(), end, "labels parse: " + line);
      }
      String name = sample.group(1);
      String family = name.replaceAll("_(bucket|sum|count)$", "");
      assertTrue(types.containsKey(name) || types.containsKey(family), "sample after its TYPE line: " + line);
      samples.add(new Sample(name, labels, parse(sample.group(4))));
    }
  }

  private static double parse(String number) {
    return switch (number) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(number);
    };
  }

  private static String unescape(String value) {
    return value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  double value(String name, Map<String, String> labels) {
    List<Sample> found = samples.stream()
        .filter(s -> s.name.equals(name) && s.labels.entrySet().containsAll(labels.entrySet())).toList();
    assertEquals(1, found.size(), name + labels + " in " + found);
    return found.get(0).value;
  }

  /** The buckets of one histogram series, by their {@code le} label, in order. */
  Map<String, Double> buckets(String name, Map<String, String> labels) {
    Map<String, Double> buckets = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.name.equals(name + "_bucket") && s.labels.entrySet().containsAll(labels.entrySet())) {
        buckets.put(s.labels.get("le"), s.value);
      }
    }
    return buckets;
  }
}
