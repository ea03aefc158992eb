package dev.jkeras.backend;

/** Element-wise functions of two tensors, with NumPy broadcasting. */
public enum BinaryOp {
  ADD,
  SUBTRACT,
  MULTIPLY,
  DIVIDE,
  DIVIDE_NO_NAN,
  POWER,
  MAXIMUM,
  MINIMUM,
  EQUAL,
  NOT_EQUAL,
  GREATER,
  GREATER_EQUAL,
  LESS,
  LESS_EQUAL,
  LOGICAL_AND,
  LOGICAL_OR
}
