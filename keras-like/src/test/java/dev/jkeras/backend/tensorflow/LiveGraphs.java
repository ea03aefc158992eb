package dev.jkeras.backend.tensorflow;

/** For tests of other packages: how many model graphs hold native resources now. */
public final class LiveGraphs {
  private LiveGraphs() {}

  public static int count() {
    return TfModelGraph.liveCount();
  }
}
