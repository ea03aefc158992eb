package dev.jkeras.samples;

/** One runnable port of a seed experiment. */
public interface Sample {
  /** The name users run it by, e.g. {@code fashion_mnist_mlp}. */
  String name();

  /** One line: the seed it ports and what it shows. */
  String description();

  /** What the book reports for this experiment, to set beside a run's figures; empty if nothing. */
  default String bookReports() {
    return "";
  }

  void run(SampleArgs args);
}
