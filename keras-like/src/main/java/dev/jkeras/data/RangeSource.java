package dev.jkeras.data;

import dev.jkeras.backend.data.DatasetHandle;

/** {@code Dataset.range}: int64 scalars {@code start, start + step, ...} before {@code stop}. */
record RangeSource(long start, long stop, long step) implements DatasetNode {

  RangeSource {
    if (step == 0) {
      throw new IllegalArgumentException("Dataset.range's step must not be 0");
    }
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    return build.datasets().range(start, stop, step);
  }
}
