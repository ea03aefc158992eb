package dev.jkeras.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads TF Serving's models config file ({@code --model_config_file}), the text-proto form of {@code
 * ModelServerConfig}, the part of it a TensorFlow server needs:
 *
 * <pre>
 * model_config_list {
 *   config {
 *     name: 'half_plus_two'
 *     base_path: '/models/half_plus_two'
 *     model_platform: 'tensorflow'
 *     model_version_policy { specific { versions: 1 versions: 2 } }   # or { all {} }, { latest { num_versions: 2 } }
 *     version_labels { key: 'stable' value: 1 }
 *   }
 * }
 * </pre>
 *
 * Anything else is refused with the line it is on. Relative base paths are taken from the working
 * directory, as TF Serving takes them.
 */
public final class ModelConfigFile {
  private final String text;
  private final String source;
  private int pos;
  private int line = 1;

  private ModelConfigFile(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** The models {@code file} configures. */
  public static List<ModelConfig> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the models config file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The models {@code text} configures; {@code source} names it in errors. */
  public static List<ModelConfig> parse(String text, String source) {
    return new ModelConfigFile(text, source).file();
  }

  private List<ModelConfig> file() {
    List<ModelConfig> models = new ArrayList<>();
    boolean sawList = false;
    while (true) {
      String field = nextOrEnd();
      if (field == null) {
        break;
      }
      if (!field.equals("model_config_list")) {
        throw error("unknown field '" + field + "'; this server reads model_config_list only (TF Serving's "
            + "custom_model_config is for other platforms)");
      }
      sawList = true;
      open();
      while (!peekClose()) {
        String entry = identifier();
        if (!entry.equals("config")) {
          throw error("unknown field '" + entry + "' in model_config_list; expected config { ... }");
        }
        open();
        models.add(config());
      }
      close();
    }
    if (!sawList || models.isEmpty()) {
      throw error("no models: the file needs model_config_list { config { name: '...' base_path: '...' } }");
    }
    Set<String> names = new LinkedHashSet<>();
    for (ModelConfig model : models) {
      if (!names.add(model.name())) {
        throw new IllegalArgumentException(source + ": model '" + model.name() + "' is configured twice");
      }
    }
    return models;
  }

  private ModelConfig config() {
    String name = null;
    String basePath = null;
    VersionPolicy policy = null;
    Map<String, Long> labels = new LinkedHashMap<>();
    while (!peekClose()) {
      String field = identifier();
      switch (field) {
        case "name" -> name = scalarString();
        case "base_path" -> basePath = scalarString();
        case "model_platform" -> {
          String platform = scalarString();
          if (!platform.equals("tensorflow")) {
            throw error("model_platform '" + platform + "' is not served here; use 'tensorflow'");
          }
        }
        case "model_version_policy" -> {
          open();
          policy = policy();
          close();
        }
        case "version_labels" -> {
          open();
          String key = null;
          Long value = null;
          while (!peekClose()) {
            String part = identifier();
            if (part.equals("key")) {
              key = scalarString();
            } else if (part.equals("value")) {
              value = scalarLong();
            } else {
              throw error("unknown field '" + part + "' in version_labels; expected key and value");
            }
          }
          close();
          if (key == null || value == null) {
            throw error("version_labels needs both key: '...' and value: N");
          }
          labels.put(key, value);
        }
        default -> throw error("unknown field '" + field + "' in config; this server reads name, base_path, "
            + "model_platform, model_version_policy and version_labels");
      }
    }
    close();
    if (name == null || basePath == null) {
      throw error("a config needs name: '...' and base_path: '...'" + (name == null ? "" : " (model '" + name + "')"));
    }
    try {
      return new ModelConfig(name, Path.of(basePath), policy, labels);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private VersionPolicy policy() {
    String kind = identifier();
    open();
    VersionPolicy policy;
    switch (kind) {
      case "latest" -> {
        int n = 1;
        while (!peekClose()) {
          expectField("num_versions", "latest");
          n = (int) scalarLong();
        }
        policy = new VersionPolicy.Latest(n);
      }
      case "all" -> policy = new VersionPolicy.All();
      case "specific" -> {
        Set<Long> versions = new LinkedHashSet<>();
        while (!peekClose()) {
          expectField("versions", "specific");
          versions.add(scalarLong());
        }
        if (versions.isEmpty()) {
          throw error("specific { } lists no versions; write specific { versions: 1 }");
        }
        policy = new VersionPolicy.Specific(versions);
      }
      default -> throw error("unknown model_version_policy '" + kind + "'; use latest, all or specific");
    }
    close();
    return policy;
  }

  private void expectField(String wanted, String in) {
    String field = identifier();
    if (!field.equals(wanted)) {
      throw error("unknown field '" + field + "' in " + in + "; expected " + wanted);
    }
  }

  // ------------------------------------------------------------------ tokens

  private String scalarString() {
    colon();
    skip();
    if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
      throw error("expected a quoted string");
    }
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\' && pos < text.length()) {
        char e = text.charAt(pos++);
        out.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> e;
        });
      } else {
        out.append(c);
      }
    }
  }

  private long scalarLong() {
    colon();
    skip();
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    try {
      return Long.parseLong(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("expected an integer");
    }
  }

  private void colon() {
    skip();
    if (pos >= text.length() || text.charAt(pos) != ':') {
      throw error("expected ':'");
    }
    pos++;
  }

  private void open() {
    skip();
    if (pos < text.length() && text.charAt(pos) == ':') {
      pos++;
      skip();
    }
    if (pos >= text.length() || text.charAt(pos) != '{') {
      throw error("expected '{'");
    }
    pos++;
  }

  private boolean peekClose() {
    skip();
    if (pos >= text.length()) {
      throw error("missing '}'");
    }
    return text.charAt(pos) == '}';
  }

  private void close() {
    if (!peekClose()) {
      throw error("expected '}'");
    }
    pos++;
  }

  private String identifier() {
    String word = nextOrEnd();
    if (word == null) {
      throw error("unexpected end of file; missing '}'");
    }
    return word;
  }

  private String nextOrEnd() {
    skip();
    if (pos >= text.length()) {
      return null;
    }
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("unexpected '" + text.charAt(pos) + "'");
    }
    return text.substring(start, pos);
  }

  private void skip() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c) || c == ',' || c == ';') {
        pos++;
      } else {
        return;
      }
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(source + ":" + line + ": " + message);
  }
}
