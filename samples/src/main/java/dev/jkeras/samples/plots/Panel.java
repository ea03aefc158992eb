package dev.jkeras.samples.plots;

import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** One chart of a {@link Figure}: a title, axis labels and lines, as one matplotlib {@code Axes}. */
public final class Panel {
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final XYSeriesCollection series = new XYSeriesCollection();
  private final List<LineStyle> styles = new ArrayList<>();
  private boolean integralX = true;
  private double[] yLimits;

  Panel(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** A line through {@code (1, y[0]), (2, y[1]), ...}: the usual per-epoch curve. */
  public Panel plot(List<? extends Number> y, String format, String label) {
    double[] xs = new double[y.size()];
    double[] ys = new double[y.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i + 1;
      ys[i] = y.get(i).doubleValue();
    }
    return plot(xs, ys, format, label);
  }

  /** A line through the points {@code (x[i], y[i])}, drawn as {@code format} says ({@code "b--"}). */
  public Panel plot(double[] x, double[] y, String format, String label) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y must have the same length, got " + x.length + " and " + y.length);
    }
    XYSeries line = new XYSeries(label == null ? "series " + (styles.size() + 1) : label, false, true);
    for (int i = 0; i < x.length; i++) {
      line.add(x[i], Double.isFinite(y[i]) ? y[i] : Double.NaN);
      integralX &= x[i] == Math.rint(x[i]);
    }
    series.addSeries(line);
    styles.add(LineStyle.parse(format));
    return this;
  }

  /** Fixes the vertical range, as {@code ax.set_ylim(low, high)}. */
  public Panel ylim(double low, double high) {
    this.yLimits = new double[] {low, high};
    return this;
  }

  JFreeChart chart() {
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, series, PlotOrientation.VERTICAL,
        true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    for (int i = 0; i < styles.size(); i++) {
      LineStyle style = styles.get(i);
      renderer.setSeriesPaint(i, style.color());
      renderer.setSeriesLinesVisible(i, style.stroke() != null);
      if (style.stroke() != null) {
        renderer.setSeriesStroke(i, style.stroke());
      }
      renderer.setSeriesShapesVisible(i, style.marker() != null);
      if (style.marker() != null) {
        renderer.setSeriesShape(i, style.marker());
      }
    }
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(java.awt.Color.WHITE);
    plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    if (yLimits != null) {
      plot.getRangeAxis().setRange(yLimits[0], yLimits[1]);
    }
    if (integralX) {
      plot.getDomainAxis().setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
    }
    chart.setBackgroundPaint(java.awt.Color.WHITE);
    return chart;
  }
}
