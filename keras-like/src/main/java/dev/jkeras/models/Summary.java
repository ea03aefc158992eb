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
          layer.outputShape() == null ? "?" : layer.outputShape().toString(),
          layer.isBuilt() ? String.format(Locale.ROOT, "%,d", layer.countParams()) : "0 (unbuilt)",
          ""};
      if (model.functional() == null) {
        out.accept(row('│', java.util.Arrays.copyOf(cells, 3)));
      } else {
        List<String> inbound = model.functional().inboundOf(layer);
        cells[3] = inbound.isEmpty() ? "-" : inbound.get(0);
        out.accept(row('│', cells));
        for (String more : inbound.subList(Math.min(1, inbound.size()), inbound.size())) {
          out.accept(row('│', new String[] {"", "", "", more}));
        }
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
