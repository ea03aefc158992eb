package dev.jkeras.backend;

/** Element-wise functions of one tensor that the backend runs as single kernels. */
public enum UnaryOp {
  NEGATE,
  ABS,
  SIGN,
  SQUARE,
  SQRT,
  EXP,
  LOG,
  LOG1P,
  ERF,
  RELU,
  SIGMOID,
  TANH,
  SOFTPLUS,
  ELU,
  SELU,
  FLOOR,
  ROUND,
  LOGICAL_NOT,
  // learning-rate schedules
  COS,
  CEIL
}
