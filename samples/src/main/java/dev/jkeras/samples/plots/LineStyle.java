package dev.jkeras.samples.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.Map;

/**
 * A matplotlib format string such as {@code "b-"}, {@code "b--"}, {@code "bo"} or {@code "r:"}:
 * a color letter, a line style and a marker, so ported plots read like the seeds' code.
 */
public record LineStyle(Color color, Stroke stroke, Shape marker) {
  private static final Map<Character, Color> COLORS = Map.of(
      'b', new Color(31, 119, 180),
      'g', new Color(44, 160, 44),
      'r', new Color(214, 39, 40),
      'c', new Color(23, 190, 207),
      'm', new Color(148, 103, 189),
      'y', new Color(188, 189, 34),
      'k', Color.BLACK,
      'o', new Color(255, 127, 14));

  /** Parses a format string; the color defaults to blue, the line to solid unless only a marker is given. */
  public static LineStyle parse(String format) {
    Color color = COLORS.get('b');
    String rest = format;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (COLORS.containsKey(c) && c != 'o') {
        color = COLORS.get(c);
        rest = format.substring(0, i) + format.substring(i + 1);
        break;
      }
    }
    Stroke stroke = null;
    if (rest.contains("--")) {
      stroke = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 5f}, 0f);
    } else if (rest.contains("-.")) {
      stroke = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 4f, 2f, 4f}, 0f);
    } else if (rest.contains(":")) {
      stroke = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {2f, 4f}, 0f);
    } else if (rest.contains("-")) {
      stroke = new BasicStroke(2f);
    }
    Shape marker = null;
    if (rest.contains("o")) {
      marker = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
    } else if (rest.contains("s")) {
      marker = new Rectangle2D.Double(-3, -3, 6, 6);
    } else if (rest.contains(".")) {
      marker = new Ellipse2D.Double(-2, -2, 4, 4);
    }
    if (stroke == null && marker == null) {
      stroke = new BasicStroke(2f);
    }
    return new LineStyle(color, stroke, marker);
  }
}
