package dev.jkeras.backend;

/** Reductions over some or all axes. */
public enum ReduceOp {
  SUM,
  MEAN,
  MAX,
  MIN,
  PROD
}
