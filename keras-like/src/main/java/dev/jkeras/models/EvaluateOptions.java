package dev.jkeras.models;

/** The keyword arguments of {@code evaluate}: {@code e -> e.batchSize(64).verbose(0)}. */
public final class EvaluateOptions extends LoopOptions<EvaluateOptions> {
  EvaluateOptions() {}
}
