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

  private final Model model;

  Summary(Model model) {
    this.model = model;
  }

  void print(Consumer<String> out) {
    out.accept("Model: \"" + model.name() + "\"");
    out.accept(rule('┏', '━', '┳', '┓'));
    out.accept(row('┃', HEADERS));
    out.accept(rule('┡', '━', '╇', '┩'));
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      out.accept(row('│', new String[] {
          layer.name() + " (" + layer.getClass().getSimpleName() + ")",
          layer.outputShape() == null ? "?" : layer.outputShape().toString(),
          layer.isBuilt() ? String.format(Locale.ROOT, "%,d", layer.countParams()) : "0 (unbuilt)"}));
      if (i < layers.size() - 1) {
        out.accept(rule('├', '─', '┼', '┤'));
      }
    }
    out.accept(rule('└', '─', '┴', '┘'));
    long trainable = count(model.trainableWeights());
    long nonTrainable = count(model.nonTrainableWeights());
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

  private static String rule(char left, char fill, char join, char right) {
    StringBuilder line = new StringBuilder().append(left);
    for (int c = 0; c < WIDTHS.length; c++) {
      line.append(String.valueOf(fill).repeat(WIDTHS[c]));
      line.append(c < WIDTHS.length - 1 ? join : right);
    }
    return line.toString();
  }

  private static String row(char border, String[] cells) {
    StringBuilder line = new StringBuilder().append(border);
    for (int c = 0; c < WIDTHS.length; c++) {
      int inner = WIDTHS[c] - 2;
      String text = cells[c].length() > inner ? cells[c].substring(0, inner - 1) + "…" : cells[c];
      String padded = c == WIDTHS.length - 1
          ? " ".repeat(inner - text.length()) + text
          : text + " ".repeat(inner - text.length());
      line.append(' ').append(padded).append(' ').append(border);
    }
    return line.toString();
  }
}
