package dev.jkeras.data;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.function.Function;

/** The transformations of a pipeline, each over the node before it, as tf.data's dataset ops. */
final class Transformation {
  private Transformation() {}

  /** {@code map}: a function over the flat components of each element, traced once per build. */
  /** Its input, whose elements are decoded from {@code files}: a damaged image is named among them. */
  record ReadsImages(DatasetNode input, List<java.nio.file.Path> files) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      build.readsImages(files);
      return input.build(build);
    }
  }

  record Map(DatasetNode input, Function<List<KerasTensor>, List<KerasTensor>> fn, long parallelCalls)
      implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().map(input.build(build), fn, parallelCalls);
    }
  }

  /**
   * {@code interleave}: {@code inner} gives, for the symbolic components of an element, the node of
   * the dataset it maps to; traced once per build into a function of the pipeline's graph.
   */
  record Interleave(DatasetNode input, Function<List<KerasTensor>, DatasetNode> inner, long cycleLength,
      long blockLength, long parallelCalls) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().interleave(input.build(build),
          args -> inner.apply(args).build(build.insideFunction("an interleave function")), cycleLength,
          blockLength, parallelCalls);
    }
  }

  /**
   * {@code flat_map}: {@code inner} gives, for the symbolic components of an element, the node of the
   * dataset it maps to; traced once per build, the datasets read one after another (FlatMapDataset).
   */
  record FlatMap(DatasetNode input, Function<List<KerasTensor>, DatasetNode> inner) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().flatMap(input.build(build),
          args -> inner.apply(args).build(build.insideFunction("a flatMap function")));
    }
  }

  /** {@code repeat(count)} by an integer scalar tensor of a traced function. */
  record RepeatBy(DatasetNode input, KerasTensor count) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      build.requireInsideFunction("repeat(KerasTensor)");
      return build.datasets().repeat(input.build(build), FunctionTensorsSource.int64(count));
    }
  }

  /** {@code take(count)} by an integer scalar tensor of a traced function. */
  record TakeBy(DatasetNode input, KerasTensor count) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      build.requireInsideFunction("take(KerasTensor)");
      return build.datasets().take(input.build(build), FunctionTensorsSource.int64(count));
    }
  }

  /** {@code filter}: keeps the elements for which the predicate is true. */
  record Filter(DatasetNode input, Function<List<KerasTensor>, KerasTensor> predicate) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().filter(input.build(build), predicate);
    }
  }

  /** {@code shuffle(bufferSize, seed, reshuffleEachIteration)}. */
  record Shuffle(DatasetNode input, long bufferSize, long seed, long seed2, boolean reshuffle,
      java.util.concurrent.atomic.AtomicLong passes) implements DatasetNode {
    Shuffle(DatasetNode input, long bufferSize, long seed, long seed2, boolean reshuffle) {
      this(input, bufferSize, seed, seed2, reshuffle, new java.util.concurrent.atomic.AtomicLong());
    }

    /**
     * A seeded, reshuffling dataset's {@code k}-th pass (each start of any pipeline over it: a Java
     * loop, an epoch of {@code fit}) takes seed2 + k: a new order each pass, the same sequence on every run.
     */
    @Override
    public DatasetHandle build(PipelineBuild build) {
      DatasetHandle in = input.build(build);
      KerasTensor pass = reshuffle && (seed != 0 || seed2 != 0) ? build.pass(passes) : null;
      KerasTensor passSeed2 = pass == null ? Ops.scalar(seed2, DType.INT64) : Ops.add(Ops.scalar(seed2, DType.INT64),
          pass);
      return build.datasets().shuffle(in, bufferSize, seed, passSeed2, reshuffle);
    }
  }

  /** {@code batch(batchSize, dropRemainder)}. */
  record Batch(DatasetNode input, long batchSize, boolean dropRemainder) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().batch(input.build(build), batchSize, dropRemainder);
    }
  }

  /** {@code padded_batch(batchSize, drop_remainder=...)}, padding with zeros to each batch's largest sizes. */
  record PaddedBatch(DatasetNode input, long batchSize, boolean dropRemainder) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().paddedBatch(input.build(build), batchSize, dropRemainder);
    }
  }

  /** {@code cache(filename)}; an empty filename caches in memory. */
  record Cache(DatasetNode input, String filename) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().cache(input.build(build), filename);
    }
  }

  /** {@code repeat(count)}; -1 repeats forever. */
  record Repeat(DatasetNode input, long count) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().repeat(input.build(build), count);
    }
  }

  /** {@code take(count)}. */
  record Take(DatasetNode input, long count) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().take(input.build(build), count);
    }
  }

  /** {@code skip(count)}. */
  record Skip(DatasetNode input, long count) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().skip(input.build(build), count);
    }
  }

  /** {@code prefetch(bufferSize)}. */
  record Prefetch(DatasetNode input, long bufferSize) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().prefetch(input.build(build), bufferSize);
    }
  }

  /** tf.data's threading options: a private thread pool and a per-op thread limit for the pipeline before it. */
  record Threading(DatasetNode input, int privateThreadpoolSize, int maxIntraOpParallelism) implements DatasetNode {
    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().threading(input.build(build), privateThreadpoolSize, maxIntraOpParallelism);
    }
  }

  /** {@code Dataset.zip(a, b, ...)}: elements side by side. */
  record Zip(List<DatasetNode> inputs) implements DatasetNode {
    Zip {
      inputs = List.copyOf(inputs);
    }

    @Override
    public DatasetHandle build(PipelineBuild build) {
      return build.datasets().zip(inputs.stream().map(n -> n.build(build)).toList());
    }
  }
}
