package dev.jkeras.backend.tensorflow.data;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.data.DatasetBackend;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.backend.data.DatasetIterator;
import dev.jkeras.backend.tensorflow.TfOperands;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.BatchDataset;
import org.tensorflow.op.data.DatasetCardinality;
import org.tensorflow.op.data.FilterDataset;
import org.tensorflow.op.data.MapDataset;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.op.data.PrefetchDataset;
import org.tensorflow.op.data.RangeDataset;
import org.tensorflow.op.data.RepeatDataset;
import org.tensorflow.op.data.SkipDataset;
import org.tensorflow.op.data.TakeDataset;
import org.tensorflow.op.data.TensorSliceDataset;
import org.tensorflow.op.data.ZipDataset;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Input pipelines as tf.data's own kernels (TensorSliceDataset, MapDataset, ShuffleDataset, ...),
 * built in the current context's graph; the iterator and its {@code IteratorGetNext} live there too,
 * so a traced step reads its batch from the pipeline without a copy through Java.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class TfDatasets implements DatasetBackend {

  private static Ops tf() {
    return TfOperands.tf();
  }

  private static TfDatasetHandle tf(DatasetHandle handle) {
    if (!(handle instanceof TfDatasetHandle tfHandle)) {
      throw new IllegalArgumentException("Not a TensorFlow dataset: " + handle);
    }
    return tfHandle;
  }

  private static Operand<TInt64> int64(long value) {
    return tf().constant(value);
  }

  @Override
  public DatasetHandle tensorSlices(List<KerasTensor> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("A dataset of tensor slices needs at least one component");
    }
    List<Operand<?>> operands = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      KerasTensor c = components.get(i);
      if (c.shape().rank() == 0) {
        throw new IllegalArgumentException("Component " + i + " is a scalar; tensor slices need at least one dimension "
            + "to slice along");
      }
      operands.add(TfOperands.operand(c));
      specs.add(new TensorSpec("component_" + i, c.dtype(), c.shape().dropFirst()));
    }
    TfDatasetHandle shapes = new TfDatasetHandle(null, specs);
    return new TfDatasetHandle(TensorSliceDataset.create(tf().scope(), operands, shapes.outputShapes()).handle(),
        specs);
  }

  @Override
  public DatasetHandle range(long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("range's step must not be 0");
    }
    List<TensorSpec> specs = List.of(new TensorSpec("component_0", DType.INT64, Shape.scalar()));
    TfDatasetHandle shapes = new TfDatasetHandle(null, specs);
    return new TfDatasetHandle(RangeDataset.create(tf().scope(), int64(start), int64(stop), int64(step),
        shapes.outputTypes(), shapes.outputShapes()).handle(), specs);
  }

  @Override
  public DatasetHandle tfRecord(KerasTensor filenames, String compression, long bufferSize) {
    List<TensorSpec> specs = List.of(new TensorSpec("component_0", DType.STRING, Shape.scalar()));
    return new TfDatasetHandle(TfRecordFiles.dataset(tf(), stringOperand(filenames, "tfRecord"), compression,
        bufferSize), specs);
  }

  @Override
  public DatasetHandle textLine(KerasTensor filenames, String compression, long bufferSize) {
    TfRecordFiles.checkCompression(compression);
    List<TensorSpec> specs = List.of(new TensorSpec("component_0", DType.STRING, Shape.scalar()));
    return new TfDatasetHandle(org.tensorflow.op.data.TextLineDataset.create(tf().scope(),
        stringOperand(filenames, "textLine"), tf().constant(compression), int64(bufferSize)).handle(), specs);
  }

  private static Operand<org.tensorflow.types.TString> stringOperand(KerasTensor filenames, String source) {
    if (filenames.dtype() != DType.STRING || filenames.shape().rank() > 1) {
      throw new IllegalArgumentException(source + " takes file names as a string scalar or vector, got "
          + filenames.dtype() + filenames.shape());
    }
    return (Operand<org.tensorflow.types.TString>) TfOperands.operand(filenames);
  }

  @Override
  public DatasetHandle interleave(DatasetHandle input, Function<List<KerasTensor>, DatasetHandle> fn, long cycleLength,
      long blockLength, long parallelCalls) {
    TfDatasetHandle in = tf(input);
    DatasetFunction.Traced traced = DatasetFunction.trace("the interleave function", in.componentSpecs(), fn);
    TfDatasetHandle out = traced.result();
    String type = parallelCalls == 0 ? "InterleaveDataset" : "ParallelInterleaveDatasetV4";
    var builder = tf().scope().env().opBuilder(type, tf().scope().makeOpName(type), tf().scope());
    builder.addInput(in.variant().asOutput());
    traced.addTo(builder);
    builder.addInput(int64(cycleLength).asOutput());
    builder.addInput(int64(blockLength).asOutput());
    if (parallelCalls != 0) {
      builder.addInput(int64(AUTOTUNE).asOutput());  // buffer_output_elements, as tf.data's default
      builder.addInput(int64(AUTOTUNE).asOutput());  // prefetch_input_elements
      builder.addInput(int64(parallelCalls).asOutput());
      builder.setAttr("deterministic", "default");
    }
    setComponentAttrs(builder, out);
    return out.withVariant((Operand<? extends TType>) builder.build().output(0));
  }

  /**
   * A serial map ({@code parallelCalls} 0) runs its function's ops one after another in the thread
   * that asks for the element ({@code use_inter_op_parallelism=false}) instead of scheduling each on
   * the pipeline's thread pool: the same values, without a pool hand-off per op (on 2 cores the
   * seed MLP's TFRecord pipeline spends less CPU so). A parallel map keeps TensorFlow's default.
   */
  @Override
  public DatasetHandle map(DatasetHandle input, Function<List<KerasTensor>, List<KerasTensor>> fn, long parallelCalls) {
    TfDatasetHandle in = tf(input);
    TracedFunction.Traced traced = TracedFunction.trace("the map function", in.componentSpecs(), fn);
    try (var function = traced.function()) {
      TfDatasetHandle out = new TfDatasetHandle(null, traced.outputSpecs());
      Operand<? extends TType> variant = parallelCalls == 0
          ? MapDataset.create(tf().scope(), in.variant(), traced.captured(), function, out.outputTypes(),
              out.outputShapes(), MapDataset.preserveCardinality(true),
              MapDataset.useInterOpParallelism(false)).handle()
          : ParallelMapDataset.create(tf().scope(), in.variant(), traced.captured(), int64(parallelCalls), function,
              out.outputTypes(), out.outputShapes(), ParallelMapDataset.deterministic("true"),
              ParallelMapDataset.preserveCardinality(true)).handle();
      return out.withVariant(variant);
    }
  }

  @Override
  public DatasetHandle filter(DatasetHandle input, Function<List<KerasTensor>, KerasTensor> predicate) {
    TfDatasetHandle in = tf(input);
    TracedFunction.Traced traced = TracedFunction.trace("the filter predicate", in.componentSpecs(),
        args -> java.util.Collections.singletonList(predicate.apply(args)));
    try (var function = traced.function()) {
      TensorSpec result = traced.outputSpecs().get(0);
      if (result.dtype() != DType.BOOL || result.shape().rank() != 0) {
        throw new IllegalArgumentException("The filter predicate must return a bool scalar, it returned "
            + result.dtype() + result.shape());
      }
      return in.withVariant(FilterDataset.create(tf().scope(), in.variant(), traced.captured(), function,
          in.outputTypes(),
          in.outputShapes()).handle());
    }
  }

  @Override
  public DatasetHandle shuffle(DatasetHandle input, long bufferSize, long seed, KerasTensor seed2,
      boolean reshuffleEachIteration) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("shuffle's bufferSize must be positive, got " + bufferSize);
    }
    TfDatasetHandle in = tf(input);
    ExecutionEnvironment env = tf().scope().env();
    String name = tf().scope().makeOpName("ShuffleDataset");
    var builder = env.opBuilder("ShuffleDataset", name, tf().scope());
    builder.addInput(in.variant().asOutput());
    builder.addInput(int64(bufferSize).asOutput());
    builder.addInput(int64(seed).asOutput());
    builder.addInput(TfOperands.operand(seed2).asOutput());
    builder.setAttr("reshuffle_each_iteration", reshuffleEachIteration);
    setComponentAttrs(builder, in);
    Operation op = builder.build();
    return in.withVariant((Operand<? extends TType>) op.output(0));
  }

  @Override
  public DatasetHandle batch(DatasetHandle input, long batchSize, boolean dropRemainder) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    TfDatasetHandle in = tf(input);
    List<TensorSpec> specs = in.componentSpecs().stream()
        .map(s -> new TensorSpec(s.name(), s.dtype(), s.shape().prepend(dropRemainder ? batchSize : Shape.UNKNOWN)))
        .toList();
    TfDatasetHandle out = new TfDatasetHandle(null, specs);
    return out.withVariant(BatchDataset.create(tf().scope(), in.variant(), int64(batchSize),
        tf().constant(dropRemainder), out.outputTypes(), out.outputShapes()).handle());
  }

  @Override
  public DatasetHandle paddedBatch(DatasetHandle input, long batchSize, boolean dropRemainder) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    TfDatasetHandle in = tf(input);
    List<Operand<TInt64>> paddedShapes = new ArrayList<>();
    List<Operand<?>> paddingValues = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (TensorSpec s : in.componentSpecs()) {
      long[] dims = s.shape().asArray();
      paddedShapes.add(tf().constant(dims));
      paddingValues.add(zeroOf(s.dtype()));
      specs.add(new TensorSpec(s.name(), s.dtype(), s.shape().prepend(dropRemainder ? batchSize : Shape.UNKNOWN)));
    }
    TfDatasetHandle out = new TfDatasetHandle(null, specs);
    return out.withVariant(org.tensorflow.op.data.PaddedBatchDataset.create(tf().scope(), in.variant(),
        int64(batchSize), paddedShapes, paddingValues, tf().constant(dropRemainder), out.outputShapes()).handle());
  }

  private static Operand<?> zeroOf(DType dtype) {
    Ops tf = tf();
    return switch (dtype) {
      case FLOAT32 -> tf.constant(0f);
      case FLOAT64 -> tf.constant(0d);
      case INT32 -> tf.constant(0);
      case INT64 -> tf.constant(0L);
      case UINT8 -> tf.dtypes.cast(tf.constant(0), org.tensorflow.types.TUint8.class);
      case BOOL -> tf.constant(false);
      case STRING -> tf.constant("");
      case INT8 -> dev.jkeras.backend.tensorflow.Int8Operands.cast(tf, tf.constant(0));
    };
  }

  @Override
  public DatasetHandle cache(DatasetHandle input, String filename) {
    TfDatasetHandle in = tf(input);
    // The first CacheDataset kernel: a file cache outlives every iterator; a memory cache lives with the dataset.
    var builder = tf().scope().env().opBuilder("CacheDataset", tf().scope().makeOpName("CacheDataset"), tf().scope());
    builder.addInput(in.variant().asOutput());
    builder.addInput(tf().constant(filename).asOutput());
    setComponentAttrs(builder, in);
    return in.withVariant((Operand<? extends TType>) builder.build().output(0));
  }

  private static void setComponentAttrs(org.tensorflow.OperationBuilder builder, TfDatasetHandle in) {
    builder.setAttr("output_types", in.outputTypes().stream()
        .map(t -> org.tensorflow.internal.types.registry.TensorTypeRegistry.find(t).dataType())
        .toArray(org.tensorflow.proto.DataType[]::new));
    builder.setAttr("output_shapes", in.outputShapes().toArray(org.tensorflow.ndarray.Shape[]::new));
  }

  @Override
  public DatasetHandle repeat(DatasetHandle input, long count) {
    TfDatasetHandle in = tf(input);
    return in.withVariant(RepeatDataset.create(tf().scope(), in.variant(), int64(count), in.outputTypes(),
        in.outputShapes()).handle());
  }

  @Override
  public DatasetHandle take(DatasetHandle input, long count) {
    TfDatasetHandle in = tf(input);
    return in.withVariant(TakeDataset.create(tf().scope(), in.variant(), int64(count), in.outputTypes(),
        in.outputShapes()).handle());
  }

  @Override
  public DatasetHandle skip(DatasetHandle input, long count) {
    TfDatasetHandle in = tf(input);
    return in.withVariant(SkipDataset.create(tf().scope(), in.variant(), int64(count), in.outputTypes(),
        in.outputShapes()).handle());
  }

  @Override
  public DatasetHandle prefetch(DatasetHandle input, long bufferSize) {
    TfDatasetHandle in = tf(input);
    return in.withVariant(PrefetchDataset.create(tf().scope(), in.variant(), int64(bufferSize), in.outputTypes(),
        in.outputShapes()).handle());
  }

  @Override
  public DatasetHandle threading(DatasetHandle input, int privateThreadpoolSize, int maxIntraOpParallelism) {
    TfDatasetHandle in = tf(input);
    if (maxIntraOpParallelism > 0) {
      in = in.withVariant(org.tensorflow.op.data.experimental.MaxIntraOpParallelismDataset.create(tf().scope(),
          in.variant(), int64(maxIntraOpParallelism), in.outputTypes(), in.outputShapes()).handle());
    }
    if (privateThreadpoolSize > 0) {
      in = in.withVariant(org.tensorflow.op.data.experimental.PrivateThreadPoolDataset.create(tf().scope(),
          in.variant(), int64(privateThreadpoolSize), in.outputTypes(), in.outputShapes()).handle());
    }
    return in;
  }

  @Override
  public DatasetHandle zip(List<DatasetHandle> inputs) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("zip needs at least two datasets, got " + inputs.size());
    }
    List<Operand<? extends TType>> variants = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (DatasetHandle input : inputs) {
      variants.add(tf(input).variant());
      specs.addAll(input.componentSpecs());
    }
    TfDatasetHandle out = new TfDatasetHandle(null, specs);
    return out.withVariant(ZipDataset.create(tf().scope(), variants, out.outputTypes(), out.outputShapes()).handle());
  }

  @Override
  public KerasTensor cardinality(DatasetHandle dataset) {
    return TfOperands.wrap(DatasetCardinality.create(tf().scope(), tf(dataset).variant()).cardinality());
  }

  @Override
  public DatasetIterator iterator(DatasetHandle dataset) {
    return TfDatasetIterator.create(tf(dataset));
  }

  // ---- datasets of a traced function's symbolic tensors (flatMap, interleave)

  @Override
  public DatasetHandle tensors(List<KerasTensor> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("A dataset of one element needs at least one component");
    }
    List<Operand<?>> operands = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      KerasTensor c = components.get(i);
      operands.add(TfOperands.operand(c));
      specs.add(new TensorSpec("component_" + i, c.dtype(), c.shape()));
    }
    TfDatasetHandle out = new TfDatasetHandle(null, specs);
    return out.withVariant(org.tensorflow.op.data.TensorDataset.create(tf().scope(), operands, out.outputShapes())
        .handle());
  }

  @Override
  public DatasetHandle range(KerasTensor start, KerasTensor stop, KerasTensor step) {
    List<TensorSpec> specs = List.of(new TensorSpec("component_0", DType.INT64, Shape.scalar()));
    TfDatasetHandle shapes = new TfDatasetHandle(null, specs);
    return new TfDatasetHandle(RangeDataset.create(tf().scope(), int64Scalar(start, "range's start"),
        int64Scalar(stop, "range's stop"), int64Scalar(step, "range's step"), shapes.outputTypes(),
        shapes.outputShapes()).handle(), specs);
  }

  @Override
  public DatasetHandle repeat(DatasetHandle input, KerasTensor count) {
    TfDatasetHandle in = tf(input);
    return in.withVariant(RepeatDataset.create(tf().scope(), in.variant(), int64Scalar(count, "repeat's count"),
        in.outputTypes(), in.outputShapes()).handle());
  }

  @Override
  public DatasetHandle take(DatasetHandle input, KerasTensor count) {
    TfDatasetHandle in = tf(input);
    return in.withVariant(TakeDataset.create(tf().scope(), in.variant(), int64Scalar(count, "take's count"),
        in.outputTypes(), in.outputShapes()).handle());
  }

  private static Operand<TInt64> int64Scalar(KerasTensor value, String what) {
    if (value.dtype() != DType.INT64 || value.shape().rank() != 0) {
      throw new IllegalArgumentException(what + " must be an int64 scalar tensor, got " + value.dtype()
          + value.shape());
    }
    return (Operand<TInt64>) TfOperands.operand(value);
  }

  @Override
  public DatasetHandle flatMap(DatasetHandle input, Function<List<KerasTensor>, DatasetHandle> fn) {
    TfDatasetHandle in = tf(input);
    DatasetFunction.Traced traced = DatasetFunction.trace("the flatMap function", in.componentSpecs(), fn);
    TfDatasetHandle out = traced.result();
    var builder = tf().scope().env().opBuilder("FlatMapDataset", tf().scope().makeOpName("FlatMapDataset"),
        tf().scope());
    builder.addInput(in.variant().asOutput());
    traced.addTo(builder);
    setComponentAttrs(builder, out);
    return out.withVariant((Operand<? extends TType>) builder.build().output(0));
  }
}
