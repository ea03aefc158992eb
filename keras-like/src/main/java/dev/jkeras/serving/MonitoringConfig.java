package dev.jkeras.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TF Serving's {@code MonitoringConfig} ({@code --monitoring_config_file}): whether the server exposes
 * its metrics in Prometheus's text format and at which path, e.g.
 * {@code prometheus_config { enable: true, path: "/monitoring/prometheus/metrics" }}. As in TF Serving,
 * metrics are off unless enabled, and an empty path means {@link ServingMetrics#PROMETHEUS_PATH}.
 */
public record MonitoringConfig(boolean prometheusEnabled, String prometheusPath) {
  public MonitoringConfig {
    if (prometheusPath.isEmpty()) {
      prometheusPath = ServingMetrics.PROMETHEUS_PATH;
    }
    if (!prometheusPath.startsWith("/") || prometheusPath.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
      throw new IllegalArgumentException("The Prometheus path must be an absolute URL path such as "
          + ServingMetrics.PROMETHEUS_PATH + ", got '" + prometheusPath + "'");
    }
  }

  /** No metrics endpoint, TF Serving's default. */
  public static MonitoringConfig disabled() {
    return new MonitoringConfig(false, ServingMetrics.PROMETHEUS_PATH);
  }

  /** Metrics at TF Serving's default path, {@code /monitoring/prometheus/metrics}. */
  public static MonitoringConfig prometheus() {
    return new MonitoringConfig(true, ServingMetrics.PROMETHEUS_PATH);
  }

  /** Reads a monitoring config file in TF Serving's text-proto form. */
  public static MonitoringConfig fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the monitoring config file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Monitoring config file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses TF Serving's text-proto {@code MonitoringConfig}. */
  public static MonitoringConfig parse(String text) {
    List<String> tokens = TextProtoTokens.tokenize(text);
    boolean enabled = false;
    String path = "";
    int i = 0;
    while (i < tokens.size()) {
      String field = tokens.get(i++);
      if (!field.equals("prometheus_config")) {
        throw new IllegalArgumentException("Unknown field '" + field + "': a MonitoringConfig holds only"
            + " prometheus_config { enable: true path: \"" + ServingMetrics.PROMETHEUS_PATH + "\" }");
      }
      if (i < tokens.size() && tokens.get(i).equals(":")) {
        i++;
      }
      String open = i < tokens.size() ? tokens.get(i++) : "";
      String close = open.equals("{") ? "}" : open.equals("<") ? ">" : null;
      if (close == null) {
        throw new IllegalArgumentException("prometheus_config is a message: write prometheus_config { enable: true },"
            + " got '" + open + "'");
      }
      while (true) {
        if (i >= tokens.size()) {
          throw new IllegalArgumentException("Missing '" + close + "' closing prometheus_config");
        }
        String inner = tokens.get(i++);
        if (inner.equals(close)) {
          break;
        }
        if (inner.equals(",") || inner.equals(";")) {
          continue;
        }
        if (i + 1 >= tokens.size() || !tokens.get(i).equals(":")) {
          throw new IllegalArgumentException("Expected '" + inner + ": value' in prometheus_config");
        }
        String value = tokens.get(i + 1);
        i += 2;
        switch (inner) {
          case "enable" -> enabled = switch (value) {
            case "true", "True", "t", "1" -> true;
            case "false", "False", "f", "0" -> false;
            default -> throw new IllegalArgumentException("enable must be true or false, got '" + value + "'");
          };
          case "path" -> {
            if (!value.startsWith("\"") && !value.startsWith("'")) {
              throw new IllegalArgumentException("path must be a quoted string, got " + value);
            }
            path = TextProtoTokens.unquote(value);
          }
          default -> throw new IllegalArgumentException("Unknown field '" + inner
              + "' in prometheus_config; its fields are enable and path");
        }
      }
    }
    return new MonitoringConfig(enabled, path);
  }
}
