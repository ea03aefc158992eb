package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.RaggedTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.data.Dataset;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.LayerAssets;
import dev.jkeras.saving.NamedValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Turns raw strings into token indices or token vectors, as Keras's {@code TextVectorization}: each
 * string is standardized ({@code "lower_and_strip_punctuation"} by default, {@code "lower"},
 * {@code "strip_punctuation"} or none), split ({@code "whitespace"} by default, {@code "character"} or
 * none), optionally turned into n-grams, and looked up in a vocabulary (given, or learned by
 * {@link #adapt}). Index 0 is padding (the mask token {@code ""}), 1 is {@code "[UNK]"}.
 *
 * <p>{@code "int"} outputs a {@code (batch, output_sequence_length)} int64 matrix of indices (padded
 * with 0, cut to the length; as long as the longest string when no length is set);
 * {@code "multi_hot"}, {@code "count"} and {@code "tf_idf"} one float32 vector per string ({@code "one_hot"}
 * one per token).
 */
public class TextVectorization extends PreprocessingLayer implements LayerAssets, NamedValues {
  private static final List<String> STANDARDIZE = Arrays.asList("lower_and_strip_punctuation", "lower",
      "strip_punctuation", null);
  private static final List<String> SPLIT = Arrays.asList("whitespace", "character", null);
  private static final List<String> OUTPUT_MODES = List.of("int", "one_hot", "multi_hot", "count", "tf_idf");
  /** Keras's {@code DEFAULT_STRIP_REGEX}: ASCII punctuation. */
  private static final String PUNCTUATION = "[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~\\']";

  /** Where Keras's walk of this layer's attributes finds its StringLookup. */
  private static final String LOOKUP_LAYER = "_lookup_layer/";

  private Integer maxTokens;
  private String standardize = "lower_and_strip_punctuation";
  private String split = "whitespace";
  private Object ngramsArgument;
  private long[] ngrams;
  private String outputMode = "int";
  private Integer outputSequenceLength;
  private boolean padToMaxTokens;
  private List<?> vocabulary;
  private Path vocabularyFile;
  private double[] idfWeights;
  private Integer savedVocabularySize;
  private StringLookup lookup;

  private void option(String name) {
    if (lookup != null) {
      throw new IllegalStateException("Layer '" + name() + "' (TextVectorization): set " + name
          + " before giving the layer a vocabulary or using it");
    }
  }

  /** The most tokens the vocabulary may hold, padding and OOV included. */
  public TextVectorization maxTokens(Integer maxTokens) {
    option("max_tokens");
    this.maxTokens = maxTokens;
    return this;
  }

  /** {@code "lower_and_strip_punctuation"} (default), {@code "lower"}, {@code "strip_punctuation"} or null (none). */
  public TextVectorization standardize(String standardize) {
    option("standardize");
    if (!STANDARDIZE.contains(standardize)) {
      throw new IllegalArgumentException("Invalid value for argument `standardize` of TextVectorization. Expected "
          + "one of " + STANDARDIZE + ". Received: standardize=" + standardize);
    }
    this.standardize = standardize;
    return this;
  }

  /** {@code "whitespace"} (default), {@code "character"} or null (each string is one token). */
  public TextVectorization split(String split) {
    option("split");
    if (!SPLIT.contains(split)) {
      throw new IllegalArgumentException("Invalid value for argument `split` of TextVectorization. Expected one of "
          + SPLIT + ". Received: split=" + split);
    }
    this.split = split;
    return this;
  }

  /** n-grams of every width up to {@code n} (1 means the tokens themselves). */
  public TextVectorization ngrams(int n) {
    option("ngrams");
    if (n < 1) {
      throw new IllegalArgumentException("`ngrams` must be None, an integer, or a tuple of integers. Received: "
          + "ngrams=" + n);
    }
    this.ngramsArgument = n;
    this.ngrams = java.util.stream.LongStream.rangeClosed(1, n).toArray();
    return this;
  }

  /** n-grams of exactly these widths, as Keras's {@code ngrams=(2, 3)}. */
  public TextVectorization ngrams(int... widths) {
    option("ngrams");
    if (widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("`ngrams` must be None, an integer, or a tuple of integers. Received: "
          + "ngrams=" + Arrays.toString(widths));
    }
    this.ngramsArgument = Arrays.stream(widths).boxed().toList();
    this.ngrams = Arrays.stream(widths).asLongStream().toArray();
    return this;
  }

  /** {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"}, {@code "count"} or {@code "tf_idf"}. */
  public TextVectorization outputMode(String outputMode) {
    option("output_mode");
    String mode = CategoricalOutputs.outputMode("TextVectorization", outputMode, OUTPUT_MODES);
    this.outputMode = mode;
    return this;
  }

  /** With {@code "int"}: every output row this long, padded with 0 or cut. */
  public TextVectorization outputSequenceLength(Integer outputSequenceLength) {
    option("output_sequence_length");
    if (outputSequenceLength != null && outputSequenceLength < 1) {
      throw new IllegalArgumentException("`output_sequence_length` must be a positive integer, got "
          + outputSequenceLength);
    }
    this.outputSequenceLength = outputSequenceLength;
    return this;
  }

  /** With vector outputs: {@code max_tokens} entries whatever the vocabulary's size. */
  public TextVectorization padToMaxTokens(boolean padToMaxTokens) {
    option("pad_to_max_tokens");
    this.padToMaxTokens = padToMaxTokens;
    return this;
  }

  /** The vocabulary, without the padding and OOV tokens (or with {@code ""} and {@code "[UNK]"} first). */
  public TextVectorization vocabulary(List<String> vocabulary) {
    option("vocabulary");
    this.vocabulary = vocabulary == null ? null : List.copyOf(vocabulary);
    return this;
  }

  /** The vocabulary as a text file of one token a line. */
  public TextVectorization vocabulary(Path file) {
    option("vocabulary");
    this.vocabularyFile = file;
    return this;
  }

  /** With {@code "tf_idf"} and a given vocabulary: its tokens' inverse document frequencies. */
  public TextVectorization idfWeights(double... idfWeights) {
    option("idf_weights");
    this.idfWeights = idfWeights == null ? null : idfWeights.clone();
    return this;
  }

  /** Only {@code false}: jkeras has no sparse tensors. */
  public TextVectorization sparse(boolean sparse) {
    denseOnly(sparse);
    return this;
  }

  /** Only {@code false}: outputs are dense, padded to {@code output_sequence_length} or the longest row. */
  public TextVectorization ragged(boolean ragged) {
    if (ragged) {
      throw new IllegalArgumentException("`ragged=True` needs ragged outputs, which jkeras's models do not carry; "
          + "use padded outputs (ragged=false)");
    }
    return this;
  }

  private StringLookup lookup() {
    if (lookup != null) {
      return lookup;
    }
    if (!"int".equals(outputMode) && outputSequenceLength != null) {
      throw new IllegalArgumentException("`output_sequence_length` must not be set if `output_mode` is not 'int'. "
          + "Received output_sequence_length=" + outputSequenceLength + ".");
    }
    if (ngrams != null && split == null) {
      throw new IllegalArgumentException("TextVectorization builds n-grams of split tokens; set `split` (e.g. "
          + "\"whitespace\") or drop `ngrams`");
    }
    StringLookup created = new StringLookup();
    created.maxTokens(maxTokens).padToMaxTokens(padToMaxTokens).maskToken("").outputMode(outputMode);
    if (idfWeights != null) {
      created.idfWeights(idfWeights);
    }
    if (vocabulary != null) {
      created.vocabulary(vocabulary);
    }
    if (vocabularyFile != null) {
      created.vocabulary(vocabularyFile);
    }
    if (savedVocabularySize != null) {
      created.restoreVocabularySize(savedVocabularySize);
    }
    created.getVocabulary();
    lookup = created;
    return created;
  }

  // ------------------------------------------------------------------ vocabulary

  public List<Object> getVocabulary(boolean includeSpecialTokens) {
    return lookup().getVocabulary(includeSpecialTokens);
  }

  public List<Object> getVocabulary() {
    return getVocabulary(true);
  }

  public int vocabularySize() {
    return lookup().vocabularySize();
  }

  /** Replaces the vocabulary (and, for {@code "tf_idf"}, the idf weights), as Keras's {@code set_vocabulary}. */
  public void setVocabulary(List<String> tokens, double[] idf) {
    lookup().setVocabulary(tokens, idf);
  }

  /** Learns the vocabulary from raw strings ({@code (n,)} or {@code (n, 1)}), as Keras's {@code adapt}. */
  public TextVectorization adapt(NdArray<?> data) {
    resetState();
    updateState(data);
    finalizeState();
    return this;
  }

  /**
   * Learns the vocabulary from every batch of a dataset of raw strings (each element a batch, {@code
   * (b,)} or {@code (b, 1)}), as Keras's {@code adapt(dataset)}. A dataset that repeats forever
   * needs {@link #adapt(Dataset, long)}.
   */
  public TextVectorization adapt(Dataset data) {
    return adaptBatches(new AdaptBatches(AdaptBatches.describe(this), data, null, false));
  }

  /** As {@link #adapt(Dataset)}, reading at most {@code steps} batches. */
  public TextVectorization adapt(Dataset data, long steps) {
    return adaptBatches(new AdaptBatches(AdaptBatches.describe(this), data, steps, false));
  }

  private TextVectorization adaptBatches(AdaptBatches batches) {
    resetState();
    batches.forEach(this::updateState);
    finalizeState();
    return this;
  }

  /** Counts the tokens of one more batch of raw strings; {@link #finalizeState} makes the vocabulary. */
  public void updateState(NdArray<?> batch) {
    StringLookup table = lookup();
    if (table.hasInputVocabulary()) {
      throw new IllegalStateException("Cannot adapt layer '" + name() + "' after setting a static vocabulary via "
          + "`vocabulary` argument or `set_vocabulary()` method.");
    }
    if (batch == null || batch.size() > 0 && DType.of(batch) != DType.STRING) {
      throw new IllegalArgumentException("TextVectorization adapts to arrays of strings, got "
          + (batch == null ? "null" : DType.of(batch) + " " + batch.shape()));
    }
    List<NdArray<?>> parts = Backends.get().eager(() -> {
      Object tokens = preprocess(Ops.convertToTensor(batch));
      if (tokens instanceof RaggedTensor rows) {
        return List.of(rows.values(), rows.rowSplits());
      }
      KerasTensor dense = (KerasTensor) tokens;
      return List.of(Ops.reshape(dense, -1), Ops.shape(dense));
    });
    table.updateDocuments(documents(parts.get(0), parts.get(1), split != null));
  }

  private static List<List<Object>> documents(NdArray<?> values, NdArray<?> splitsOrShape, boolean ragged) {
    List<Object> flat = new ArrayList<>();
    values.scalars().forEach(s -> flat.add(s.getObject()));
    List<List<Object>> documents = new ArrayList<>();
    if (ragged) {
      LongNdArray splits = (LongNdArray) splitsOrShape;
      for (long i = 0; i + 1 < splits.size(); i++) {
        documents.add(flat.subList((int) splits.getLong(i), (int) splits.getLong(i + 1)));
      }
    } else {
      long rows = ((Number) splitsOrShape.getObject(0)).longValue();
      int width = rows == 0 ? 0 : (int) (flat.size() / rows);
      for (int i = 0; i < rows; i++) {
        documents.add(flat.subList(i * width, (i + 1) * width));
      }
    }
    return documents;
  }

  public void finalizeState() {
    lookup().finalizeState();
  }

  public void resetState() {
    lookup().resetState();
  }

  // ------------------------------------------------------------------ call

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    StringLookup table = lookup();
    Object tokens = preprocess(inputs);
    if (tokens instanceof KerasTensor dense) {
      KerasTensor indices = table.lookupIndices(dense);
      if ("int".equals(outputMode)) {
        if (outputSequenceLength != null) {
          throw new IllegalArgumentException("TextVectorization(split=None) gives one index per string; "
              + "output_sequence_length needs split tokens");
        }
        return indices;
      }
      return table.encodeIndices(dense.rank() == 1 ? Ops.expandDims(indices, -1) : indices);
    }
    RaggedTensor rows = (RaggedTensor) tokens;
    RaggedTensor indices = rows.withValues(table.lookupIndices(rows.values()));
    if ("int".equals(outputMode)) {
      return Ops.raggedToDense(indices, Ops.scalar(0, DType.INT64),
          outputSequenceLength == null ? -1 : outputSequenceLength);
    }
    // padded past every bin (as the mask's index is), so padding counts for nothing
    return table.encodeIndices(Ops.raggedToDense(indices, Ops.convertToTensor(NdArrays.scalarOf(Long.MAX_VALUE)), -1));
  }

  /** Standardized, split and n-grammed strings: rows of tokens, or the strings themselves when not split. */
  private Object preprocess(KerasTensor inputs) {
    if (inputs.dtype() != DType.STRING) {
      throw new IllegalArgumentException("Layer '" + name() + "' (TextVectorization) needs string inputs, got "
          + inputs.dtype() + inputs.shape() + ". Give the model an input of dtype \"string\" (Input.of(\"string\", 1)).");
    }
    KerasTensor text = inputs;
    if ("lower".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) {
      text = Ops.lower(text);
    }
    if ("strip_punctuation".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) {
      text = Ops.regexReplace(text, PUNCTUATION, "");
    }
    if (split == null) {
      return text;
    }
    if (text.rank() > 1) {
      if (text.rank() != 2 || text.shape().get(-1) != 1) {
        throw new IllegalArgumentException("When using `TextVectorization` to tokenize strings, the input rank must "
            + "be 1 or the last shape dimension must be 1. Received: inputs.shape=" + inputs.shape() + " with rank="
            + inputs.rank());
      }
      text = Ops.squeeze(text, -1);
    } else if (text.rank() == 0) {
      text = Ops.expandDims(text, 0);
    }
    RaggedTensor rows = "whitespace".equals(split) ? Ops.splitWhitespace(text) : Ops.unicodeSplit(text);
    return ngrams == null ? rows : Ops.ngrams(rows, ngrams, " ");
  }

  // ------------------------------------------------------------------ saving

  /**
   * The vocabulary twice, as Keras writes it: by this layer ({@code vocabulary.txt}) and by the
   * {@code StringLookup} it holds, an object of its own at {@code _lookup_layer/}.
   */
  @Override
  public Map<String, byte[]> saveAssets() {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    lookup().saveAssets().forEach((name, content) -> {
      files.put(name, content);
      files.put(LOOKUP_LAYER + name, content);
    });
    return files;
  }

  @Override
  public void loadAssets(Map<String, byte[]> files) {
    lookup().loadAssets(files);
  }

  /** Its StringLookup's, stored twice as Keras does: by this layer and by the lookup layer Keras's walk finds. */
  @Override
  public Map<String, NdArray<?>> saveNamedValues() {
    Map<String, NdArray<?>> values = new java.util.LinkedHashMap<>();
    lookup().saveNamedValues().forEach((name, value) -> {
      values.put(name, value);
      values.put(LOOKUP_LAYER + name, value);
    });
    return values;
  }

  /** Restores the StringLookup's values from this layer's own copy (the lookup layer's holds the same). */
  @Override
  public void loadNamedValues(Map<String, NdArray<?>> values) {
    Map<String, NdArray<?>> own = new java.util.LinkedHashMap<>();
    values.forEach((name, value) -> {
      if (!name.startsWith(LOOKUP_LAYER)) {
        own.put(name, value);
      }
    });
    lookup().loadNamedValues(own);
  }

  public static TextVectorization fromConfig(Config config) {
    TextVectorization layer = new TextVectorization();
    layer.applyBaseConfig(config);
    if (config.has("max_tokens")) {
      layer.maxTokens(config.getInt("max_tokens", 0));
    }
    Object standardize = config.get("standardize");
    Object split = config.get("split");
    if (standardize != null && !(standardize instanceof String) || split != null && !(split instanceof String)) {
      throw new IllegalArgumentException("The saved TextVectorization '" + layer.name() + "' uses a custom "
          + "standardize or split function (" + (standardize instanceof String ? split : standardize) + "); jkeras "
          + "supports the built-in ones only");
    }
    layer.standardize((String) standardize);
    layer.split((String) split);
    Object ngrams = config.get("ngrams");
    if (ngrams instanceof Number n) {
      layer.ngrams(n.intValue());
    } else if (ngrams instanceof List<?> list) {
      layer.ngrams(list.stream().mapToInt(v -> ((Number) v).intValue()).toArray());
    }
    layer.outputMode(config.getString("output_mode", "int"));
    if (config.has("output_sequence_length")) {
      layer.outputSequenceLength(config.getInt("output_sequence_length", 0));
    }
    layer.padToMaxTokens(config.getBoolean("pad_to_max_tokens", false));
    layer.sparse(config.getBoolean("sparse", false));
    layer.ragged(config.getBoolean("ragged", false));
    if (config.get("idf_weights") instanceof List<?> list) {
      layer.idfWeights(list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
    }
    if (config.get("vocabulary") instanceof List<?> list) {
      layer.vocabulary(list.stream().map(v -> {
        if (!(v instanceof String s)) {
          throw new IllegalArgumentException("The saved TextVectorization's vocabulary holds " + v + ", not a string");
        }
        return s;
      }).toList());
    } else if (config.get("vocabulary") instanceof String path) {
      throw new IllegalArgumentException("Requested the loading of a vocabulary file outside of the model archive ("
          + path + "), which is disallowed; the vocabulary travels in the model's assets");
    }
    if (config.has("vocabulary_size")) {
      layer.savedVocabularySize = config.getInt("vocabulary_size", 0);
    }
    return layer;
  }

  /** Keras's keys, after the base layer's. */
  @Override
  public Map<String, Object> getConfig() {
    StringLookup table = lookup();
    Map<String, Object> config = super.getConfig();
    config.put("max_tokens", maxTokens);
    config.put("standardize", standardize);
    config.put("split", split);
    config.put("ngrams", ngramsArgument);
    config.put("output_mode", outputMode);
    config.put("output_sequence_length", outputSequenceLength);
    config.put("pad_to_max_tokens", padToMaxTokens);
    config.put("sparse", false);
    config.put("ragged", false);
    Map<String, Object> lookupConfig = table.getConfig();
    config.put("vocabulary", lookupConfig.get("vocabulary"));
    config.put("idf_weights", lookupConfig.get("idf_weights"));
    config.put("encoding", "utf-8");
    config.put("vocabulary_size", table.vocabularySize());
    return config;
  }
}
