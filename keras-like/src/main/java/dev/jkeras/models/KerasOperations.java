package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The Keras operations a Functional config may hold as operation nodes, by Keras's module and class
 * ({@code keras.src.ops.numpy.Add}), each mapped to the jkeras {@link Ops} function that computes it.
 * Keras 3 records every {@code keras.ops} call made on symbolic tensors this way: {@code x + 1},
 * {@code ops.concatenate([a, b])}, the mask {@code Embedding(mask_zero=True)} computes with
 * {@code not_equal}. Python numbers among the arguments take the dtype of the tensor beside them.
 */
final class KerasOperations {
  /** An operation: its saved call arguments (tensors, numbers, lists of them) and its saved config. */
  @FunctionalInterface
  interface Operation {
    KerasTensor apply(List<Object> args, Config config);
  }

  private static final String NUMPY = "keras.src.ops.numpy";
  private static final String NN = "keras.src.ops.nn";
  private static final String CORE = "keras.src.ops.core";
  private static final Map<String, Operation> OPERATIONS = new HashMap<>();

  static {
    binary("Add", Ops::add);
    binary("Subtract", Ops::subtract);
    binary("Multiply", Ops::multiply);
    binary("Divide", Ops::divide);
    binary("TrueDivide", Ops::divide);
    binary("Power", Ops::power);
    binary("Maximum", Ops::maximum);
    binary("Minimum", Ops::minimum);
    binary("Equal", Ops::equal);
    binary("NotEqual", Ops::notEqual);
    binary("Greater", Ops::greater);
    binary("GreaterEqual", (x, y) -> Ops.logicalNot(Ops.greater(y, x)));
    binary("Less", (x, y) -> Ops.greater(y, x));
    binary("LessEqual", (x, y) -> Ops.logicalNot(Ops.greater(x, y)));
    binary("LogicalAnd", Ops::logicalAnd);
    binary("LogicalOr", Ops::logicalOr);
    binary("Matmul", Ops::matmul);
    unary(NUMPY, "Negative", Ops::negative);
    unary(NUMPY, "Abs", Ops::abs);
    unary(NUMPY, "Absolute", Ops::abs);
    unary(NUMPY, "Sign", Ops::sign);
    unary(NUMPY, "Square", Ops::square);
    unary(NUMPY, "Sqrt", Ops::sqrt);
    unary(NUMPY, "Exp", Ops::exp);
    unary(NUMPY, "Log", Ops::log);
    unary(NUMPY, "Log1p", Ops::log1p);
    unary(NUMPY, "Floor", Ops::floor);
    unary(NUMPY, "Ceil", Ops::ceil);
    unary(NUMPY, "Round", Ops::round);
    unary(NUMPY, "Cos", Ops::cos);
    unary(NUMPY, "Tanh", Ops::tanh);
    unary(NUMPY, "LogicalNot", Ops::logicalNot);
    put(NUMPY, "Concatenate", (args, config) -> Ops.concatenate(
        tensors(args.get(0)).toArray(KerasTensor[]::new), config.getInt("axis", 0)));
    put(NUMPY, "Sum", (args, config) -> Ops.sum(tensor(args.get(0)), axes(args, config), keepDims(config)));
    put(NUMPY, "Mean", (args, config) -> Ops.mean(tensor(args.get(0)), axes(args, config), keepDims(config)));
    put(NUMPY, "Max", (args, config) -> Ops.max(tensor(args.get(0)), axes(args, config), keepDims(config)));
    put(NUMPY, "ExpandDims", (args, config) -> Ops.expandDims(tensor(args.get(0)), config.getInt("axis", 0)));
    put(NUMPY, "Squeeze", (args, config) -> Ops.squeeze(tensor(args.get(0)), config.getInt("axis", -1)));
    put(NUMPY, "Reshape", (args, config) -> Ops.reshape(tensor(args.get(0)),
        java.util.Arrays.stream(config.getIntArray("newshape")).asLongStream().toArray()));
    put(NUMPY, "Transpose", (args, config) -> config.has("axes")
        ? Ops.transpose(tensor(args.get(0)), config.getIntArray("axes")) : Ops.transpose(tensor(args.get(0))));
    put(NUMPY, "Clip", (args, config) -> Ops.clip(tensor(args.get(0)), config.getDouble("x_min", 0),
        config.getDouble("x_max", 0)));
    put(NUMPY, "Where", (args, config) -> {
      KerasTensor condition = tensor(args.get(0));
      KerasTensor x = args.get(1) instanceof KerasTensor t ? t : null;
      KerasTensor y = args.get(2) instanceof KerasTensor t ? t : null;
      DType dtype = x != null ? x.dtype() : y != null ? y.dtype() : DType.FLOAT32;
      return Ops.where(condition, asTensor(args.get(1), dtype), asTensor(args.get(2), dtype));
    });
    unary(NN, "Relu", Ops::relu);
    unary(NN, "Relu6", Ops::relu6);
    unary(NN, "Sigmoid", Ops::sigmoid);
    unary(NN, "Softplus", Ops::softplus);
    unary(NN, "Softsign", Ops::softsign);
    unary(NN, "Silu", Ops::silu);
    unary(NN, "Selu", Ops::selu);
    unary(NN, "Mish", Ops::mish);
    unary(NN, "HardSigmoid", Ops::hardSigmoid);
    unary(NN, "LogSigmoid", Ops::logSigmoid);
    put(NN, "Elu", (args, config) -> Ops.elu(tensor(args.get(0)), config.getDouble("alpha", 1.0)));
    put(NN, "LeakyRelu", (args, config) -> Ops.leakyRelu(tensor(args.get(0)), config.getDouble("negative_slope", 0.2)));
    put(NN, "Gelu", (args, config) -> Ops.gelu(tensor(args.get(0)), config.getBoolean("approximate", true)));
    put(NN, "Softmax", (args, config) -> Ops.softmax(tensor(args.get(0)), config.getInt("axis", -1)));
    put(NN, "LogSoftmax", (args, config) -> Ops.logSoftmax(tensor(args.get(0)), config.getInt("axis", -1)));
    put(CORE, "Cast", (args, config) -> Ops.cast(tensor(args.get(0)), config.getString("dtype", "float32")));
    // the mask computations Keras records: Attention's compute_mask, a merge of masked inputs (issue 16)
    put(CORE, "ConvertToTensor", (args, config) -> config.get("dtype") == null ? tensor(args.get(0))
        : Ops.cast(tensor(args.get(0)), config.getString("dtype", "float32")));
    put(NUMPY, "ZerosLike", (args, config) -> {
      KerasTensor x = tensor(args.get(0));
      return Ops.zeros(Ops.shape(x), config.get("dtype") == null ? x.dtype() : DType.of(config.getString("dtype", "")));
    });
    put(NUMPY, "Any", (args, config) -> {
      int[] axes = axes(args, config);
      if (axes.length != 1) {
        throw new IllegalArgumentException("jkeras rebuilds the Keras operation Any over one axis, got axis="
            + config.get("axis"));
      }
      return Ops.any(tensor(args.get(0)), axes[0], keepDims(config));
    });
  }

  private KerasOperations() {}

  /** Whether a saved layer entry's module is one of Keras's operation modules. */
  static boolean isOperationModule(Object module) {
    return module instanceof String name && name.startsWith("keras.src.ops.");
  }

  /** The operation saved as {@code module.className}, with an error listing what jkeras has otherwise. */
  static Operation get(String module, String className) {
    Operation operation = OPERATIONS.get(module + "." + className);
    if (operation == null) {
      throw new IllegalArgumentException("The saved Functional model calls the Keras operation " + module + "."
          + className + ", which jkeras does not implement as an operation node yet. Operations jkeras rebuilds: "
          + OPERATIONS.keySet().stream().sorted().toList());
    }
    return operation;
  }

  private static void put(String module, String className, Operation operation) {
    OPERATIONS.put(module + "." + className, operation);
  }

  private static void unary(String module, String className, UnaryOperator<KerasTensor> op) {
    put(module, className, (args, config) -> op.apply(tensor(args.get(0))));
  }

  private static void binary(String className, BiFunction<KerasTensor, KerasTensor, KerasTensor> op) {
    put(NUMPY, className, (args, config) -> {
      Object x = args.get(0);
      Object y = args.get(1);
      DType dtype = x instanceof KerasTensor t ? t.dtype() : tensor(y).dtype();
      return op.apply(asTensor(x, dtype), asTensor(y, dtype));
    });
  }

  /** A tensor argument, or a Python number as a constant of {@code beside}'s dtype (float32 for a fraction beside integers). */
  private static KerasTensor asTensor(Object arg, DType beside) {
    if (arg instanceof KerasTensor tensor) {
      return tensor;
    }
    if (arg instanceof Boolean b) {
      return Ops.scalar(b ? 1 : 0, beside);
    }
    if (arg instanceof Number n) {
      boolean fraction = n.doubleValue() != Math.rint(n.doubleValue());
      return Ops.scalar(n.doubleValue(), fraction && !beside.isFloating() ? DType.FLOAT32 : beside);
    }
    throw new IllegalArgumentException("An operation node's argument should be a tensor or a number, got " + arg);
  }

  private static KerasTensor tensor(Object arg) {
    if (arg instanceof KerasTensor tensor) {
      return tensor;
    }
    throw new IllegalArgumentException("An operation node's argument should be a tensor, got " + arg);
  }

  private static List<KerasTensor> tensors(Object arg) {
    if (arg instanceof List<?> list) {
      return list.stream().map(KerasOperations::tensor).toList();
    }
    throw new IllegalArgumentException("An operation node's argument should be a list of tensors, got " + arg);
  }

  /** A reduction's axes: the config's {@code axis} (a number, a list, or None for every axis). */
  private static int[] axes(List<Object> args, Config config) {
    Object axis = config.get("axis");
    if (axis == null) {
      int rank = tensor(args.get(0)).shape().rank();
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) {
        all[i] = i;
      }
      return all;
    }
    return axis instanceof Number n ? new int[] {n.intValue()} : config.getIntArray("axis");
  }

  private static boolean keepDims(Config config) {
    return config.getBoolean("keepdims", false);
  }
}
