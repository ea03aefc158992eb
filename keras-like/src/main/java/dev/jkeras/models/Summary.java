package dev.jkeras.models;

import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Layer;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Keras 3's model summary table. */
final class Summary {
  private static final int[] WIDTHS = {33, 24, 15};
  private static final String[] HEADERS = {"Layer (type)", "Output Shape", "Param #"};
  private static final int[] FUNCTIONAL_WIDTHS = {31, 22, 12, 24};
  private static final String[] FUNCTIONAL_HEADERS = {"Layer (type)", "Output Shape", "Param #", "Connected to"};

  private final Model model;
  private final int[] widths;
  private final String[] headers;

  Summary(Model model) {
    this.model = model;
    boolean functional = model.functional() != null;
    this.widths = functional ? FUNCTIONAL_WIDTHS : WIDTHS;
    this.headers = functional ? FUNCTIONAL_HEADERS : HEADERS;
  }

  void print(Consumer<String> out) {
    out.accept("Model: \"" + model.name() + "\"");
    out.accept(rule('┏', '━', '┳', '┓'));
    out.accept(row('┃', headers));
    out.accept(rule('┡', '━', '╇', '┩'));
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String[] cells = {
          layer.name() + " (" + layer.getClass().getSimpleName() + ")",
          outputShapes(layer),
          layer.isBuilt() ? String.format(Locale.ROOT, "%,d", layer.countParams()) : "0 (unbuilt)",
          ""};
      if (model.functional() == null) {
        rows('│', java.util.Arrays.copyOf(cells, 3), List.of()).forEach(out);
      } else {
        List<String> inbound = model.functional().inboundOf(layer);
        cells[3] = inbound.isEmpty() ? "-" : inbound.get(0);
        rows('│', cells, inbound.subList(Math.min(1, inbound.size()), inbound.size())).forEach(out);
      }
      if (i < layers.size() - 1) {
        out.accept(rule('├', '─', '┼', '┤'));
      }
    }
    out.accept(rule('└', '─', '┴', '┘'));
    long trainable = count(model.trainableWeights());
    long nonTrainable = count(model.nonTrainableWeights()) + model.importedParams();
    out.accept(" Total params: " + params(trainable + nonTrainable));
    out.accept(" Trainable params: " + params(trainable));
    out.accept(" Non-trainable params: " + params(nonTrainable));
  }

  /** The output shape, or Keras's list {@code [(None, 2), (None, 2)]} of a layer with several outputs. */
  private static String outputShapes(Layer layer) {
    List<dev.jkeras.Shape> shapes = layer.outputShapes();
    if (shapes == null || shapes.isEmpty()) {
      return "?";
    }
    return shapes.size() == 1 ? shapes.get(0).toString()
        : "[" + String.join(", ", shapes.stream().map(Object::toString).toList()) + "]";
  }

  private static long count(List<Variable> weights) {
    return weights.stream().mapToLong(v -> v.shape().size()).sum();
  }

  /** {@code 266,610 (1.02 MB)}: the count and its float32 size in 1024-based units. */
  static String params(long count) {
    double bytes = count * 4.0;
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%,d (%.2f %s)", count, bytes, units[unit]);
  }

  private String rule(char left, char fill, char join, char right) {
    StringBuilder line = new StringBuilder().append(left);
    for (int c = 0; c < widths.length; c++) {
      line.append(String.valueOf(fill).repeat(widths[c]));
      line.append(c < widths.length - 1 ? join : right);
    }
    return line.toString();
  }

  /**
   * The row's lines: an output shape longer than its column is wrapped at spaces onto further lines,
   * as Keras's table wraps it (other cells are cut), and {@code more} (a Functional layer's further
   * inbound layers) goes down the last column, line by line.
   */
  private List<String> rows(char border, String[] cells, List<String> more) {
    List<String> shapeLines = wrap(cells[1], widths[1] - 2);
    int count = Math.max(shapeLines.size(), 1 + more.size());
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] line = i == 0 ? cells.clone() : new String[cells.length];
      if (i > 0) {
        java.util.Arrays.fill(line, "");
        if (i <= more.size()) {
          line[cells.length - 1] = more.get(i - 1);
        }
      }
      line[1] = i < shapeLines.size() ? shapeLines.get(i) : "";
      lines.add(row(border, line));
    }
    return lines;
  }

  /** {@code text} in lines of at most {@code width} characters, broken after spaces (greedily). */
  static List<String> wrap(String text, int width) {
    if (text.length() <= width) {
      return List.of(text);
    }
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** A table row; the parameter count is right-aligned, as Keras aligns it. */
  private String row(char border, String[] cells) {
    StringBuilder line = new StringBuilder().append(border);
    for (int c = 0; c < widths.length; c++) {
      int inner = widths[c] - 2;
      String text = cells[c].length() > inner ? cells[c].substring(0, inner - 1) + "…" : cells[c];
      String padded = c == 2
          ? " ".repeat(inner - text.length()) + text
          : text + " ".repeat(inner - text.length());
      line.append(' ').append(padded).append(' ').append(border);
    }
    return line.toString();
  }
}
