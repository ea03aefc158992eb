package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.stringVector;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ops.IoBackend;
import dev.jkeras.backend.tensorflow.Tensors;
import dev.jkeras.backend.tensorflow.data.TfRecordFiles;
import dev.jkeras.ops.FeatureSpec;
import dev.jkeras.ops.FixedLenFeature;
import dev.jkeras.ops.ParsedExample;
import dev.jkeras.ops.ParsedSequenceExample;
import dev.jkeras.ops.SparseTensor;
import dev.jkeras.ops.VarLenFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.DecodeCsv;
import org.tensorflow.op.io.ParseExample;
import org.tensorflow.op.io.ParseSingleSequenceExample;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/** The file-format family in TensorFlow ({@code tf.io}): Example parsing, CSV decoding, TFRecord reading. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfIo implements IoBackend {

  /** The features of one parse, split as TensorFlow's parsing ops take them: sparse keys, then dense keys. */
  private record Split(List<String> sparseKeys, List<Class<? extends TType>> sparseTypes, List<String> denseKeys,
      List<Operand<?>> denseDefaults, List<org.tensorflow.ndarray.Shape> denseShapes,
      List<Class<? extends TType>> denseTypes) {

    static Split of(Ops tf, Map<String, FeatureSpec> features) {
      Split split = new Split(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
          new ArrayList<>(), new ArrayList<>());
      features.forEach((name, spec) -> {
        if (spec instanceof VarLenFeature v) {
          split.sparseKeys.add(name);
          split.sparseTypes.add(Tensors.typeOf(v.dtype()));
        } else if (spec instanceof FixedLenFeature f) {
          split.denseKeys.add(name);
          split.denseDefaults.add(denseDefault(tf, name, f));
          split.denseShapes.add(Tensors.toTf(f.shape()));
          split.denseTypes.add(Tensors.typeOf(f.dtype()));
        }
      });
      return split;
    }

    Operand<TString> sparseKeyVector(Ops tf) {
      return stringVector(tf, sparseKeys);
    }

    Operand<TString> denseKeyVector(Ops tf) {
      return stringVector(tf, denseKeys);
    }
  }

  /** The feature's default reshaped (same size) or broadcast (a scalar) to its shape; an empty vector if required. */
  private static Operand<?> denseDefault(Ops tf, String name, FixedLenFeature f) {
    if (!f.hasDefault()) {
      return switch (f.dtype()) {
        case FLOAT32 -> tf.constant(new float[0]);
        case INT64 -> tf.constant(new long[0]);
        default -> stringVector(tf, List.of());
      };
    }
    long size = f.shape().asArray().length == 0 ? 1 : java.util.Arrays.stream(f.shape().asArray()).reduce(1, (a, b) -> a * b);
    Operand value;
    try (var tensor = Tensors.toTensor(f.defaultValue())) {
      value = tf.constantOf((TType) tensor);
    }
    Operand<TInt64> shape = tf.constant(f.shape().asArray());
    if (f.defaultValue().size() == size) {
      return tf.reshape(value, shape);
    }
    if (f.defaultValue().size() == 1) {
      return tf.broadcastTo(value, shape);
    }
    throw new IllegalArgumentException("The default of feature '" + name + "' has " + f.defaultValue().size()
        + " values (shape " + f.defaultValue().shape() + "); its shape " + f.shape() + " needs " + size
        + " values or a single one to repeat");
  }

  @Override
  public ParsedExample<KerasTensor> parseExample(KerasTensor serialized, Map<String, FeatureSpec> features) {
    requireString(serialized, "parseExample");
    Ops tf = graphTf("parseExample");
    Split split = Split.of(tf, features);
    ParseExample op = parseExampleOp(tf, operand(serialized), split);
    return collect(split, op.denseValues(), op.sparseIndices(), op.sparseValues(), op.sparseShapes());
  }

  @Override
  public ParsedExample<KerasTensor> parseSingleExample(KerasTensor serialized, Map<String, FeatureSpec> features) {
    requireString(serialized, "parseSingleExample");
    if (serialized.shape().rank() != 0) {
      throw new IllegalArgumentException("parseSingleExample takes one serialized Example, a string scalar; got shape "
          + serialized.shape() + ". Use parseExample for a vector of Examples");
    }
    // As tf.io.parse_single_example: the batched kernel on a batch of one, the batch dimension then dropped.
    // (ParseSingleExample takes its keys as string-list attributes, which TF Java 1.1.0's eager builder
    // crashes on when a list is empty.)
    Ops tf = graphTf("parseSingleExample");
    Split split = Split.of(tf, features);
    Operand batch = tf.reshape(operand(serialized), tf.constant(new long[] {1}));
    ParseExample op = parseExampleOp(tf, batch, split);
    List<Output<?>> dense = new ArrayList<>();
    for (int i = 0; i < op.denseValues().size(); i++) {
      dense.add(tf.reshape((Operand) op.denseValues().get(i), tf.constant(split.denseShapes().get(i).asArray())).asOutput());
    }
    List<Output<TInt64>> indices = new ArrayList<>();
    List<Output<TInt64>> shapes = new ArrayList<>();
    for (int i = 0; i < op.sparseIndices().size(); i++) {
      indices.add(tf.slice(op.sparseIndices().get(i), tf.constant(new long[] {0, 1}), tf.constant(new long[] {-1, -1}))
          .asOutput());
      shapes.add(tf.slice(op.sparseShapes().get(i), tf.constant(new long[] {1}), tf.constant(new long[] {-1}))
          .asOutput());
    }
    return collect(split, dense, indices, op.sparseValues(), shapes);
  }

  private static ParseExample parseExampleOp(Ops tf, Operand<TString> serialized, Split split) {
    return tf.io.parseExample(serialized, stringVector(tf, List.of()), split.sparseKeyVector(tf),
        split.denseKeyVector(tf), stringVector(tf, List.of()), split.denseDefaults(), (long) split.sparseKeys().size(),
        split.sparseTypes(), List.of(), List.of(), split.denseShapes());
  }

  @Override
  public ParsedSequenceExample<KerasTensor> parseSingleSequenceExample(KerasTensor serialized,
      Map<String, FeatureSpec> context, Map<String, FeatureSpec> sequence) {
    requireString(serialized, "parseSingleSequenceExample");
    if (serialized.shape().rank() != 0) {
      throw new IllegalArgumentException("parseSingleSequenceExample takes one serialized SequenceExample, a string"
          + " scalar; got shape " + serialized.shape());
    }
    Ops tf = graphTf("parseSingleSequenceExample");
    Split ctx = Split.of(tf, context);
    Split seq = Split.of(tf, sequence);
    List<String> assumedEmpty = new ArrayList<>();
    sequence.forEach((name, spec) -> {
      if (spec instanceof FixedLenFeature f && f.hasDefault()) {
        assumedEmpty.add(name);
      }
    });
    ParseSingleSequenceExample op = tf.io.parseSingleSequenceExample(operand(serialized),
        stringVector(tf, assumedEmpty), scalars(tf, ctx.sparseKeys()), scalars(tf, ctx.denseKeys()),
        scalars(tf, seq.sparseKeys()), scalars(tf, seq.denseKeys()), ctx.denseDefaults(), tf.constant(""),
        ctx.sparseTypes(), seq.denseTypes(), seq.sparseTypes(),
        ParseSingleSequenceExample.contextDenseShapes(ctx.denseShapes()),
        ParseSingleSequenceExample.featureListDenseShapes(seq.denseShapes()));
    return new ParsedSequenceExample<>(
        collect(ctx, op.contextDenseValues(), op.contextSparseIndices(), op.contextSparseValues(),
            op.contextSparseShapes()),
        collect(seq, op.featureListDenseValues(), op.featureListSparseIndices(), op.featureListSparseValues(),
            op.featureListSparseShapes()));
  }

  private static List<Operand<TString>> scalars(Ops tf, List<String> keys) {
    return keys.stream().map(k -> (Operand<TString>) tf.constant(k)).toList();
  }

  private static ParsedExample<KerasTensor> collect(Split split, List<Output<?>> dense,
      List<Output<TInt64>> sparseIndices, List<Output<?>> sparseValues, List<Output<TInt64>> sparseShapes) {
    Map<String, KerasTensor> denseByName = new LinkedHashMap<>();
    for (int i = 0; i < split.denseKeys().size(); i++) {
      denseByName.put(split.denseKeys().get(i), wrap(dense.get(i)));
    }
    Map<String, SparseTensor<KerasTensor>> sparseByName = new LinkedHashMap<>();
    for (int i = 0; i < split.sparseKeys().size(); i++) {
      sparseByName.put(split.sparseKeys().get(i), new SparseTensor<>(wrap(sparseIndices.get(i)),
          wrap(sparseValues.get(i)), wrap(sparseShapes.get(i))));
    }
    return new ParsedExample<>(denseByName, sparseByName);
  }

  /** Parsing ops are built in graphs only (see {@code IoOps}): TF Java's eager builder crashes on their empty lists. */
  private static Ops graphTf(String op) {
    Ops tf = tf();
    if (tf.scope().env() instanceof org.tensorflow.EagerSession) {
      throw new IllegalStateException(op + " on tensors runs inside a traced graph (a model's call, a dataset's map"
          + " function); to parse arrays at once, pass the serialized protos as an NdArray or byte[] to Ops." + op);
    }
    return tf;
  }

  private static void requireString(KerasTensor serialized, String op) {
    if (serialized.dtype() != DType.STRING) {
      throw new IllegalArgumentException(op + " takes serialized protos, a string tensor; got dtype "
          + serialized.dtype());
    }
  }

  @Override
  public List<KerasTensor> decodeCsv(KerasTensor records, List<KerasTensor> recordDefaults, String fieldDelim,
      boolean useQuoteDelim, String naValue, List<Integer> selectCols) {
    if (records.dtype() != DType.STRING) {
      throw new IllegalArgumentException("decodeCsv takes lines of text, a string tensor; got dtype " + records.dtype());
    }
    Ops tf = tf();
    List<Operand<?>> defaults = new ArrayList<>();
    recordDefaults.forEach(d -> defaults.add(operand(d)));
    DecodeCsv.Options[] options = selectCols.isEmpty()
        ? new DecodeCsv.Options[] {DecodeCsv.fieldDelim(fieldDelim), DecodeCsv.useQuoteDelim(useQuoteDelim),
            DecodeCsv.naValue(naValue)}
        : new DecodeCsv.Options[] {DecodeCsv.fieldDelim(fieldDelim), DecodeCsv.useQuoteDelim(useQuoteDelim),
            DecodeCsv.naValue(naValue), DecodeCsv.selectCols(selectCols.stream().map(Integer::longValue).toList())};
    DecodeCsv op = tf.io.decodeCsv(operand(records), defaults, options);
    return op.output().stream().map(o -> wrap((Output<?>) o)).toList();
  }

  @Override
  public KerasTensor decodeRaw(KerasTensor bytes, DType dtype, boolean littleEndian) {
    return wrap(tf().io.decodeRaw((Operand<TString>) operand(bytes), Tensors.typeOf(dtype),
        org.tensorflow.op.io.DecodeRaw.littleEndian(littleEndian)));
  }

  @Override
  public List<byte[]> readTFRecords(Path file, String compression) {
    return TfRecordFiles.readAll(file, compression);
  }
}
