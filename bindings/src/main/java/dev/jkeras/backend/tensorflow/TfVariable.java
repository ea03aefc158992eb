package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssignVariableOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TUint8;

/**
 * A TensorFlow resource variable of one model graph. Its read and write ops are built with it, so
 * {@link #read} and {@link #write} only run the session: they are safe on any thread, and never
 * wait for a build of the graph.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfVariable implements Variable {
  private final TfModelGraph graph;
  private final String name;
  private final Shape shape;
  private final DType dtype;
  private final Operand handle;
  private final String checkpointKey;

  private int readTrace = -1;
  private KerasTensor traceRead;
  private final Operand snapshot;
  private final Placeholder writeValue;
  private final AssignVariableOp writeOp;
  private volatile boolean initialized;

  /** Called while {@code graph} is being built (under its build lock). */
  TfVariable(TfModelGraph graph, String name, Shape shape, DType dtype, Operand handle, String checkpointKey) {
    this.checkpointKey = checkpointKey;
    this.graph = graph;
    this.name = name;
    this.shape = shape;
    this.dtype = dtype;
    this.handle = handle;
    Ops tf = graph.baseOps();
    boolean int8 = dtype == DType.INT8;
    this.snapshot = int8 ? Int8Operands.asUint8(tf, Int8Operands.read(tf, handle))
        : tf.readVariableOp(handle, Tensors.typeOf(dtype));
    Class<? extends org.tensorflow.types.family.TType> fedType = int8 ? TUint8.class : Tensors.typeOf(dtype);
    this.writeValue = tf.placeholder((Class) fedType,
        Placeholder.shape(Tensors.toTf(shape)));
    this.writeOp = tf.assignVariableOp(handle, int8 ? Int8Operands.fromUint8(tf, writeValue) : writeValue);
  }

  /** The variable's resource handle ({@code VarHandleOp}) in its graph. */
  public Operand handle() {
    return handle;
  }

  /** The variable's unique name in its graph, used as its key in checkpoints. */
  public String checkpointKey() {
    return checkpointKey;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  /** Whether its initial value was assigned (variables are initialized together, see {@link PendingInitializers}). */
  boolean isInitialized() {
    return initialized;
  }

  void markInitialized() {
    initialized = true;
  }

  @Override
  public KerasTensor value() {
    Context context = Context.current().home();
    if (context.graph() != graph) {
      throw new IllegalStateException("Variable '" + name + "' belongs to " + graph
          + " and cannot be read while tracing another graph");
    }
    graph.readingInTrace(this);
    if (context.freshReads()) {
      return readIn(context.stateful());
    }
    if (readTrace != graph.traceId()) {
      traceRead = readIn(context.stateful());
      readTrace = graph.traceId();
    }
    return traceRead;
  }

  private KerasTensor readIn(Ops tf) {
    return TfOperands.wrap(readOp(tf));
  }

  /** The op reading the variable's value, built with {@code tf}. */
  public Operand readOp(Ops tf) {
    return dtype == DType.INT8 ? Int8Operands.read(tf, handle) : tf.readVariableOp(handle, Tensors.typeOf(dtype));
  }

  @Override
  public Update assign(KerasTensor value) {
    return new TfUpdate(graph.statefulOps().assignVariableOp(handle, TfOperands.operand(value)));
  }

  @Override
  public Update assignAdd(KerasTensor delta) {
    return new TfUpdate(graph.statefulOps().assignAddVariableOp(handle, TfOperands.operand(delta)));
  }

  @Override
  public NdArray<?> read() {
    try (Result result = graph.session().runner().fetch(snapshot).run()) {
      return Tensors.toNdArray(result.get(0));
    }
  }

  @Override
  public void write(NdArray<?> value) {
    Shape given = Shape.of(value.shape().asArray());
    if (!given.equals(shape)) {
      throw new IllegalArgumentException("Variable '" + name + "' has shape " + shape
          + " but the value given has shape " + given);
    }
    DType givenType = DType.of(value);
    boolean int8Bytes = dtype == DType.INT8 && givenType == DType.UINT8;
    if (givenType != dtype && !int8Bytes) {
      throw new IllegalArgumentException("Variable '" + name + "' has dtype " + dtype
          + " but the value given has dtype " + givenType);
    }
    try (Tensor tensor = Tensors.toTensor(value)) {
      graph.session().runner().feed(writeValue, tensor).addTarget(writeOp).run().close();
    }
  }

  @Override
  public String toString() {
    return "<Variable '" + name + "' shape=" + shape + ", dtype=" + dtype + ">";
  }
}
