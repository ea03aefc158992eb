package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.RaggedTensor;
import dev.jkeras.backend.ops.StringsBackend;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.op.strings.StaticRegexReplace;
import org.tensorflow.op.strings.StringNGrams;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.op.strings.UnicodeDecode;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/** The strings family in TensorFlow ({@code tf.strings} and the ragged kernels text needs). */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class TfStrings implements StringsBackend {

  @Override
  public KerasTensor lower(KerasTensor x, String encoding) {
    return wrap(tf().strings.lower(strings(x), Lower.encoding(encoding)));
  }

  @Override
  public KerasTensor regexReplace(KerasTensor x, String pattern, String rewrite, boolean replaceGlobal) {
    return wrap(tf().strings.staticRegexReplace(strings(x), pattern, rewrite,
        StaticRegexReplace.replaceGlobal(replaceGlobal)));
  }

  @Override
  public KerasTensor toHashBucketFast(KerasTensor x, long numBuckets) {
    return wrap(tf().strings.toHashBucketFast(strings(x), numBuckets));
  }

  @Override
  public KerasTensor toHashBucketStrong(KerasTensor x, long numBuckets, long key0, long key1) {
    return wrap(tf().strings.toHashBucketStrong(strings(x), numBuckets, List.of(key0, key1)));
  }

  @Override
  public RaggedTensor splitWhitespace(KerasTensor x) {
    Ops tf = tf();
    Operand<TString> input = strings(x);
    StringSplit split = tf.strings.stringSplit(input, tf.constant(""));
    // The pieces' row ids are ascending: where each row starts is where its id is first reached.
    Operand<TInt64> rowIds = tf.stridedSlice(split.indices(), tf.constant(new long[] {0, 0}),
        tf.constant(new long[] {0, 1}), tf.constant(new long[] {1, 1}), StridedSlice.beginMask(1L),
        StridedSlice.endMask(1L), StridedSlice.shrinkAxisMask(2L));
    Operand<TInt64> rows = tf.range(tf.constant(0L), tf.math.add(tf.size(input, TInt64.class), tf.constant(1L)),
        tf.constant(1L));
    Operand<TInt64> splits = tf.reshape(tf.lowerBound(tf.expandDims(rowIds, tf.constant(0)),
        tf.expandDims(rows, tf.constant(0)), TInt64.class), tf.constant(new long[] {-1}));
    return new RaggedTensor(wrap(split.values()), wrap(splits));
  }

  @Override
  public RaggedTensor unicodeSplit(KerasTensor x) {
    Ops tf = tf();
    UnicodeDecode<TInt64> decoded = tf.strings.unicodeDecode(strings(x), "UTF-8", TInt64.class,
        UnicodeDecode.errors("replace"));
    Operand<TInt64> one = tf.constant(1L);
    Operand<TInt64> eachAlone = tf.range(tf.constant(0L), tf.math.add(tf.size(decoded.charValues(), TInt64.class), one),
        one);
    Operand<TString> characters = tf.strings.unicodeEncode(decoded.charValues(), eachAlone, "UTF-8");
    return new RaggedTensor(wrap(characters), wrap(decoded.rowSplits()));
  }

  @Override
  public RaggedTensor ngrams(RaggedTensor tokens, long[] widths, String separator) {
    StringNGrams<TInt64> grams = tf().strings.stringNGrams(strings(tokens.values()),
        (Operand<TInt64>) operand(tokens.rowSplits()), separator, Arrays.stream(widths).boxed().toList(), "", "", 0L,
        false);
    return new RaggedTensor(wrap(grams.ngrams()), wrap(grams.ngramsSplits()));
  }

  /**
   * Scatters each value to (its row, its place in the row) of a padded matrix one column wider than
   * wanted, where values past the width land and are cut off. (RaggedTensorToTensor would do it in
   * one kernel, but TensorFlow Java 1.1.0 passes its list-of-strings attribute as garbage when run
   * eagerly.)
   */
  @Override
  public KerasTensor raggedToDense(RaggedTensor rows, KerasTensor padding, long width) {
    Ops tf = tf();
    Operand<TInt64> splits = (Operand<TInt64>) operand(rows.rowSplits());
    Operand values = operand(rows.values());
    Operand<TInt64> one = tf.constant(1L);
    Operand<TInt64> rowCount = tf.math.sub(tf.size(splits, TInt64.class), one);
    Operand<TInt64> starts = tf.slice(splits, tf.constant(new long[] {0}), tf.reshape(rowCount, tf.constant(new int[] {1})));
    Operand<TInt64> ends = tf.slice(splits, tf.constant(new long[] {1}), tf.reshape(rowCount, tf.constant(new int[] {1})));
    Operand<TInt64> columns = width >= 0 ? tf.constant(width)
        : tf.math.maximum(tf.max(tf.math.sub(ends, starts), tf.constant(0)), tf.constant(0L));
    Operand<TInt64> positions = tf.range(tf.constant(0L), tf.size(values, TInt64.class), one);
    Operand<TInt64> rowOf = tf.reshape(tf.upperBound(tf.expandDims(ends, tf.constant(0)),
        tf.expandDims(positions, tf.constant(0)), TInt64.class), tf.constant(new int[] {-1}));
    Operand<TInt64> columnOf = tf.math.minimum(tf.math.sub(positions, tf.gather(starts, rowOf, tf.constant(0))), columns);
    Operand<TInt64> indices = tf.stack(List.of(rowOf, columnOf), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TInt64> paddedShape = tf.stack(List.of(rowCount, tf.math.add(columns, one)));
    Operand scattered = tf.tensorScatterNdUpdate(tf.fill(paddedShape, operand(padding)), indices, values);
    Operand<TInt64> size = width >= 0 ? tf.constant(new long[] {-1, width})
        : tf.stack(List.of(tf.constant(-1L), columns));
    return wrap(tf.slice(scattered, tf.constant(new long[] {0, 0}), size));
  }

  @Override
  public KerasTensor lookup(KerasTensor x, LongNdArray probes, NdArray<?> keys, LongNdArray values, long defaultValue,
      String missingMessage) {
    Ops tf = tf();
    Operand input = operand(x);
    Operand<TInt64> missing = tf.constant(defaultValue);
    if (probes.size() == 0) {
      Operand<TInt64> none = tf.fill(tf.shape(input), missing);
      return wrap(missingMessage == null ? none : checked(tf, none, tf.fill(tf.shape(input), tf.constant(false)),
          input, missingMessage));
    }
    Operand flat = tf.reshape(input, tf.constant(new int[] {-1}));
    Operand<TInt64> probe = x.dtype() == DType.STRING ? tf.strings.toHashBucketFast(flat, Long.MAX_VALUE) : flat;
    Operand<TInt64> sortedProbes = tf.reshape(tf.constant(probes), tf.constant(new int[] {1, -1}));
    Operand<TInt64> position = tf.math.minimum(
        tf.reshape(tf.lowerBound(sortedProbes, tf.reshape(probe, tf.constant(new int[] {1, -1})), TInt64.class),
            tf.constant(new int[] {-1})),
        tf.constant(probes.size() - 1));
    Operand candidates = tf.gather(constant(keys), position, tf.constant(0));
    Operand<org.tensorflow.types.TBool> isKey = tf.math.equal(candidates, flat);
    Operand<TInt64> found = tf.select(isKey, tf.gather(tf.constant(values), position, tf.constant(0)),
        tf.fill(tf.shape(flat), missing));
    Operand<TInt64> result = tf.reshape(found, tf.shape(input));
    return wrap(missingMessage == null ? result : checked(tf, result, isKey, flat, missingMessage));
  }

  /** {@code result} once every {@code isKey} holds; else the run fails with the message and the elements that are not keys. */
  private static Operand<TInt64> checked(Ops tf, Operand<TInt64> result, Operand<org.tensorflow.types.TBool> isKey,
      Operand inputs, String message) {
    Operand<org.tensorflow.types.TBool> flatIsKey = tf.reshape(isKey, tf.constant(new int[] {-1}));
    Operand missingKeys = tf.booleanMask(tf.reshape(inputs, tf.constant(new int[] {-1})), tf.math.logicalNot(flatIsKey));
    org.tensorflow.op.Op check = tf.assertThat(tf.all(flatIsKey, tf.constant(0)),
        List.of(tf.constant(message), missingKeys), org.tensorflow.op.core.AssertThat.summarize(20L));
    return tf.withControlDependencies(List.of(check)).identity(result);
  }

  private static Operand constant(NdArray<?> value) {
    try (Tensor tensor = Tensors.toTensor(value)) {
      return tf().constantOf((TType) tensor);
    }
  }

  private static Operand<TString> strings(KerasTensor x) {
    if (x.dtype() != DType.STRING) {
      throw new IllegalArgumentException("Expected a string tensor, got " + x.dtype() + x.shape());
    }
    return (Operand<TString>) operand(x);
  }

  @Override
  public KerasTensor substr(KerasTensor x, long pos, long len) {
    Ops tf = tf();
    return wrap(tf.strings.substr(operand(x), tf.constant(pos), tf.constant(len)));
  }

  @Override
  public KerasTensor asString(KerasTensor x) {
    return wrap(tf().dtypes.asString(operand(x)));
  }
}
