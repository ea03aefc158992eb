package dev.jkeras.backend;

/** NumPy-like element-wise functions of one tensor that {@link dev.jkeras.backend.ops.NumpyBackend} runs as single kernels. */
public enum UnaryOp {
  NEGATE,
  ABS,
  SIGN,
  SQUARE,
  SQRT,
  EXP,
  LOG,
  LOG1P,
  TANH,
  FLOOR,
  ROUND,
  LOGICAL_NOT,
  // learning-rate schedules
  COS,
  CEIL,
  // image transforms
  SIN
}
