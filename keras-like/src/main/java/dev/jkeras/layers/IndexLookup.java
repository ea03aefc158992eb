package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.data.Dataset;
import dev.jkeras.ops.LookupTable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.LayerAssets;
import dev.jkeras.saving.NamedValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Maps tokens to indices through a vocabulary, as Keras's {@code IndexLookup}, the base of {@link
 * StringLookup} and {@link IntegerLookup}. Index 0 is the mask token's (when there is one and the
 * output is {@code "int"}), then come {@code num_oov_indices} indices for tokens out of the
 * vocabulary, then the vocabulary's tokens. The output is those indices ({@code "int"}, int64) or
 * their encoding ({@code "one_hot"}, {@code "multi_hot"}, {@code "count"}, {@code "tf_idf"},
 * float32); {@code invert} maps indices back to tokens.
 *
 * <p>The vocabulary is given ({@code vocabulary(...)}, a list or a file of one token a line) or
 * learned by {@link #adapt}; set it before the model using the layer first runs.
 */
public abstract class IndexLookup<L extends IndexLookup<L>> extends PreprocessingLayer
    implements LayerAssets, NamedValues {
  private static final String IDF_WEIGHTS = "idf_weights";
  static final List<String> OUTPUT_MODES = List.of("int", "one_hot", "multi_hot", "count", "tf_idf");
  static final String VOCABULARY_FILE = "vocabulary.txt";
  private static final String NO_OOV_MESSAGE = "When `num_oov_indices=0` all inputs should be in vocabulary, "
      + "consider setting `num_oov_indices=1`. Found OOV values:";

  private final DType keyDtype;
  private Integer maxTokens;
  private int numOovIndices = 1;
  private Object maskToken;
  private Object oovToken;
  private String outputMode = "int";
  private boolean padToMaxTokens;
  private boolean invert;
  private String oovMethod = "floormod";
  private long[] salt;
  /** The vocabulary as given to the constructor (saved in the config), null when learned or read from a file. */
  private List<Object> inputVocabulary;
  private double[] inputIdfWeights;
  private boolean hasInputVocabulary;
  private boolean optionsFixed;

  private List<Object> tokens = List.of();
  private float[] idfWeights;
  private Integer frozenVocabularySize;
  private LookupTable table;
  private VocabularyCounts counts = new VocabularyCounts();

  IndexLookup(DType keyDtype, Object oovToken) {
    this.keyDtype = keyDtype;
    this.oovToken = oovToken;
  }

  /** This layer as its own class, for the fluent options. */
  @SuppressWarnings("unchecked")
  private L self() {
    return (L) this;
  }

  // ------------------------------------------------------------------ options

  private void option(String name) {
    if (optionsFixed) {
      throw new IllegalStateException("Layer '" + name() + "' (" + kerasClassName() + "): set " + name
          + " before giving the layer a vocabulary or using it");
    }
  }

  /** The most indices the vocabulary may take, mask and OOV indices included; more than 1. */
  public L maxTokens(Integer maxTokens) {
    option("max_tokens");
    if (maxTokens != null && maxTokens <= 1) {
      throw new IllegalArgumentException("If set, `max_tokens` must be greater than 1. Received: max_tokens="
          + maxTokens);
    }
    this.maxTokens = maxTokens;
    return self();
  }

  /** How many indices tokens out of the vocabulary share (hashed among them when more than 1); default 1. */
  public L numOovIndices(int numOovIndices) {
    option("num_oov_indices");
    if (numOovIndices < 0) {
      throw new IllegalArgumentException("`num_oov_indices` must be greater than or equal to 0. Received: "
          + "num_oov_indices=" + numOovIndices);
    }
    this.numOovIndices = numOovIndices;
    return self();
  }

  /** The token that means "no token" (padding), mapped to index 0; none by default. */
  public L maskToken(Object maskToken) {
    option("mask_token");
    this.maskToken = token(maskToken, "mask_token");
    return self();
  }

  /** The token {@code invert} gives for OOV indices. */
  public L oovToken(Object oovToken) {
    option("oov_token");
    this.oovToken = token(oovToken, "oov_token");
    return self();
  }

  /** {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"}, {@code "count"} or {@code "tf_idf"}. */
  public L outputMode(String outputMode) {
    option("output_mode");
    this.outputMode = CategoricalOutputs.outputMode(kerasClassName(), outputMode, OUTPUT_MODES);
    return self();
  }

  /** Whether encoded outputs have {@code max_tokens} entries whatever the vocabulary's size. */
  public L padToMaxTokens(boolean padToMaxTokens) {
    option("pad_to_max_tokens");
    this.padToMaxTokens = padToMaxTokens;
    return self();
  }

  /** Maps indices back to tokens (only with {@code output_mode="int"}). */
  public L invert(boolean invert) {
    option("invert");
    this.invert = invert;
    return self();
  }

  /** Only {@code false}: jkeras has no sparse tensors. */
  public L sparse(boolean sparse) {
    denseOnly(sparse);
    return self();
  }

  /** Keys the hash of OOV tokens among several OOV indices (SipHash instead of FarmHash); one value is used twice. */
  public L salt(long... salt) {
    option("salt");
    if (salt == null || salt.length == 0) {
      this.salt = null;
      return self();
    }
    if (salt.length > 2) {
      throw new IllegalArgumentException("The `salt` argument for `IndexLookup` can only be a tuple of 2 integers, "
          + "or a single integer. Received: salt=" + Arrays.toString(salt) + ".");
    }
    this.salt = salt.length == 1 ? new long[] {salt[0], salt[0]} : salt.clone();
    return self();
  }

  final void chooseOovMethod(String oovMethod) {
    option("oov_method");
    if (!List.of("floormod", "farmhash").contains(oovMethod)) {
      throw new IllegalArgumentException("Received: oov_method=" + oovMethod + " for " + kerasClassName()
          + ". Expected one of ['floormod', 'farmhash']");
    }
    this.oovMethod = oovMethod;
  }

  /** The vocabulary (without mask and OOV tokens, or with them first in that order); saved in the config. */
  public L vocabulary(List<?> vocabulary) {
    option("vocabulary");
    inputVocabulary = vocabulary == null ? null : new ArrayList<>(vocabulary.stream().map(t -> token(t, "vocabulary"))
        .toList());
    hasInputVocabulary = vocabulary != null;
    return self();
  }

  /**
   * The vocabulary read from a text file of one token a line (line {@code i} gets the {@code i}-th
   * index after the mask and OOV indices); saved in the model's assets, not its config.
   */
  public L vocabulary(Path file) {
    option("vocabulary");
    List<Object> fromFile = readVocabularyFile(file);
    fixOptions();
    if ("tf_idf".equals(outputMode)) {
      throw new IllegalArgumentException("output_mode `'tf_idf'` does not support loading a vocabulary from file.");
    }
    hasInputVocabulary = true;
    setTokens(fromFile, null);
    return self();
  }

  /** The inverse document frequencies of the given vocabulary's tokens (with {@code output_mode="tf_idf"}). */
  public L idfWeights(double... idfWeights) {
    option("idf_weights");
    inputIdfWeights = idfWeights == null ? null : idfWeights.clone();
    return self();
  }

  private List<Object> readVocabularyFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Vocabulary file " + file + " does not exist.");
    }
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines.stream().map(line -> parseToken(line, file.toString())).toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read the vocabulary file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A token of this layer's vocabulary dtype from {@code value}, or an error naming {@code what}. */
  abstract Object token(Object value, String what);

  /** A token written as a line of a vocabulary file. */
  abstract Object parseToken(String line, String source);

  /** The layer's inputs checked and converted to the table's key dtype (string or int64). */
  abstract KerasTensor keys(KerasTensor inputs);

  /** Tokens as a 1-D array of the vocabulary dtype. */
  abstract NdArray<?> tokenArray(List<Object> tokens);

  /** Each sample of {@code data} (or each element, for 1-D data) as one document of tokens. */
  abstract List<List<Object>> documents(NdArray<?> data);

  private void fixOptions() {
    if (optionsFixed) {
      return;
    }
    if (padToMaxTokens && maxTokens == null) {
      throw new IllegalArgumentException("If pad_to_max_tokens is True, must set `max_tokens`. Received: "
          + "max_tokens=null");
    }
    if (invert && !"int".equals(outputMode)) {
      throw new IllegalArgumentException("`output_mode` must be `'int'` when `invert` is true. Received: "
          + "output_mode=" + outputMode);
    }
    if (inputIdfWeights != null && !"tf_idf".equals(outputMode)) {
      throw new IllegalArgumentException("`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
          + "idf_weights=" + Arrays.toString(inputIdfWeights) + " and output_mode=" + outputMode);
    }
    if ("tf_idf".equals(outputMode) && inputVocabulary != null && inputIdfWeights == null) {
      throw new IllegalArgumentException("When specifying the `vocabulary` argument, in TF-IDF output mode, the "
          + "`idf_weights` argument must also be provided.");
    }
    if (salt != null && keyDtype != DType.STRING && !"farmhash".equals(oovMethod)) {
      throw new IllegalArgumentException("`salt` can only be used when `oov_method='farmhash'`. Received: oov_method="
          + oovMethod);
    }
    optionsFixed = true;
    if (inputVocabulary != null) {
      setVocabulary(inputVocabulary, inputIdfWeights);
    }
  }

  // ------------------------------------------------------------------ vocabulary

  /**
   * Sets the vocabulary (and, for {@code "tf_idf"}, its inverse document frequencies), as Keras's
   * {@code set_vocabulary}: tokens without the mask and OOV tokens, or with them first in that order.
   */
  public void setVocabulary(List<?> vocabulary, double[] idf) {
    fixOptions();
    if ("tf_idf".equals(outputMode) && idf == null) {
      throw new IllegalArgumentException("`idf_weights` must be set if output_mode is 'tf_idf'.");
    }
    if (!"tf_idf".equals(outputMode) && idf != null) {
      throw new IllegalArgumentException("`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
          + "output_mode=" + outputMode + " and idf_weights=" + Arrays.toString(idf));
    }
    if (vocabulary == null || vocabulary.isEmpty()) {
      throw new IllegalArgumentException("Cannot set an empty vocabulary. Received: vocabulary=" + vocabulary);
    }
    List<Object> given = vocabulary.stream().map(t -> token(t, "vocabulary")).toList();
    List<Object> special = specialTokens();
    List<Object> newTokens = given.size() >= special.size() && given.subList(0, special.size()).equals(special)
        ? given.subList(special.size(), given.size()) : given;
    List<Object> repeated = repeated(newTokens);
    if (!repeated.isEmpty()) {
      throw new IllegalArgumentException("The passed vocabulary has at least one repeated term. Please uniquify your "
          + "dataset. The repeated terms are: " + repeated);
    }
    if (maskToken != null && newTokens.contains(maskToken)) {
      throw new IllegalArgumentException("Found reserved mask token at unexpected location in `vocabulary`. Note that "
          + "passed `vocabulary` does not need to include the OOV and mask tokens. Either remove all mask and OOV "
          + "tokens, or include them only at the start of the vocabulary in precisely this order: " + special
          + ". Received: mask_token=" + maskToken + " at vocabulary index " + given.lastIndexOf(maskToken));
    }
    if (oovToken != null && invert && newTokens.contains(oovToken)) {
      throw new IllegalArgumentException("Found reserved OOV token at unexpected location in `vocabulary`. Note that "
          + "passed `vocabulary` does not need to include the OOV and mask tokens. Either remove all mask and OOV "
          + "tokens, or include them only at the start of the vocabulary in precisely this order: " + special
          + ". Received: oov_token=" + oovToken + " at vocabulary index " + given.lastIndexOf(oovToken));
    }
    int size = tokenStart() + newTokens.size();
    if (maxTokens != null && size > maxTokens) {
      throw new IllegalArgumentException("Attempted to set a vocabulary larger than the maximum vocab size. Received "
          + "vocabulary size is " + size + "; `max_tokens` is " + maxTokens + ".");
    }
    float[] weights = null;
    if ("tf_idf".equals(outputMode)) {
      if (given.size() != idf.length) {
        throw new IllegalArgumentException("`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
            + idf.length + "; len(vocabulary) is " + given.size());
      }
      weights = paddedIdf(idf, given.size() == newTokens.size());
    }
    setTokens(newTokens, weights);
  }

  /** Front: the mean weight for the mask and OOV indices (unless given with them); back: zeros up to max_tokens. */
  private float[] paddedIdf(double[] idf, boolean withoutSpecials) {
    int front = withoutSpecials ? tokenStart() : 0;
    int length = padToMaxTokens ? maxTokens : front + idf.length;
    float[] weights = new float[length];
    float mean = (float) Arrays.stream(idf).average().orElse(0);
    Arrays.fill(weights, 0, front, mean);
    for (int i = 0; i < idf.length; i++) {
      weights[front + i] = (float) idf[i];
    }
    return weights;
  }

  private void setTokens(List<Object> newTokens, float[] weights) {
    List<Object> repeated = repeated(newTokens);
    if (!repeated.isEmpty()) {
      throw new IllegalArgumentException("The vocabulary of layer '" + name() + "' has repeated tokens " + repeated
          + "; each token must appear once");
    }
    int size = tokenStart() + newTokens.size();
    if (!"int".equals(outputMode) && !padToMaxTokens && frozenVocabularySize != null && isBuilt()
        && frozenVocabularySize != size) {
      throw new IllegalStateException("When using `output_mode=" + outputMode + "` and `pad_to_max_tokens=False`, the "
          + "vocabulary size cannot be changed after the layer is called. Old vocab size is " + frozenVocabularySize
          + ", new vocab size is " + size);
    }
    tokens = List.copyOf(newTokens);
    if (weights != null) {
      idfWeights = weights;
    }
    table = null;
    frozenVocabularySize = size;
  }

  private static List<Object> repeated(List<Object> tokens) {
    Set<Object> seen = new HashSet<>();
    Set<Object> twice = new java.util.LinkedHashSet<>();
    for (Object token : tokens) {
      if (!seen.add(token)) {
        twice.add(token);
      }
    }
    return new ArrayList<>(twice);
  }

  private List<Object> specialTokens() {
    List<Object> special = new ArrayList<>();
    for (int i = 0; i < oovStart(); i++) {
      special.add(maskToken);
    }
    for (int i = 0; i < numOovIndices; i++) {
      special.add(oovToken);
    }
    return special;
  }

  private int oovStart() {
    return maskToken != null && "int".equals(outputMode) ? 1 : 0;
  }

  private int tokenStart() {
    return oovStart() + numOovIndices;
  }

  /** The vocabulary, index by index: mask and OOV tokens first when {@code includeSpecialTokens}. */
  public List<Object> getVocabulary(boolean includeSpecialTokens) {
    fixOptions();
    List<Object> vocabulary = new ArrayList<>();
    if (includeSpecialTokens) {
      vocabulary.addAll(specialTokens());
    }
    vocabulary.addAll(tokens);
    return vocabulary;
  }

  public List<Object> getVocabulary() {
    return getVocabulary(true);
  }

  /** The number of indices: the vocabulary's tokens plus the mask and OOV indices. */
  public int vocabularySize() {
    fixOptions();
    return tokenStart() + tokens.size();
  }

  // ------------------------------------------------------------------ adapt

  /**
   * Learns the vocabulary from {@code data} (one document per sample; for 1-D data one per element),
   * most frequent tokens first, as Keras's {@code adapt}; with {@code "tf_idf"} also the inverse
   * document frequencies.
   */
  public L adapt(NdArray<?> data) {
    resetState();
    updateState(data);
    finalizeState();
    return self();
  }

  /**
   * Learns the vocabulary from every batch of a dataset of input batches, as Keras's {@code
   * adapt(dataset)}: a batch of rank 2 or more holds one document per sample, and a batch of rank 0
   * or 1 is one document (Keras's {@code update_state}; it matters only for {@code "tf_idf"}, which
   * counts documents). A dataset that repeats forever needs {@link #adapt(Dataset, long)}.
   */
  public L adapt(Dataset data) {
    return adaptBatches(new AdaptBatches(AdaptBatches.describe(this), data, null, false));
  }

  /** As {@link #adapt(Dataset)}, reading at most {@code steps} batches. */
  public L adapt(Dataset data, long steps) {
    return adaptBatches(new AdaptBatches(AdaptBatches.describe(this), data, steps, false));
  }

  private L adaptBatches(AdaptBatches batches) {
    resetState();
    batches.forEach(batch -> updateState(batch.rank() <= 1 ? batch.withShape(Shape.of(1, batch.size())) : batch));
    finalizeState();
    return self();
  }

  /** Counts the tokens of one more batch of documents; {@link #finalizeState} turns the counts into the vocabulary. */
  public void updateState(NdArray<?> batch) {
    fixOptions();
    if (hasInputVocabulary) {
      throw new IllegalStateException("Cannot adapt layer '" + name() + "' after setting a static vocabulary via "
          + "`vocabulary` argument or `set_vocabulary()` method.");
    }
    counts.update(documents(batch));
  }

  /** Counts one more batch of documents already split into tokens (what {@link TextVectorization} gives). */
  void updateDocuments(List<List<Object>> documents) {
    fixOptions();
    counts.update(documents);
  }

  public void finalizeState() {
    fixOptions();
    if (hasInputVocabulary || counts.isEmpty()) {
      return;
    }
    int limit = maxTokens == null ? -1 : maxTokens - tokenStart();
    List<Object> learned = counts.vocabulary(Arrays.asList(maskToken, oovToken), limit);
    float[] weights = null;
    if ("tf_idf".equals(outputMode)) {
      double[] idf = new double[learned.size()];
      for (int i = 0; i < idf.length; i++) {
        idf[i] = (float) Math.log(1 + (double) counts.documents() / (1 + counts.documentCount(learned.get(i))));
      }
      weights = paddedIdf(idf, true);
    }
    setTokens(learned, weights);
    counts = new VocabularyCounts();
  }

  public void resetState() {
    counts = new VocabularyCounts();
  }

  // ------------------------------------------------------------------ call

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    fixOptions();
    if (invert) {
      return invertLookup(inputs);
    }
    KerasTensor keys = keys(inputs);
    if (!"int".equals(outputMode) && !padToMaxTokens && frozenVocabularySize == null) {
      throw new IllegalStateException("When using `output_mode=" + outputMode + "` and `pad_to_max_tokens=False`, "
          + "you must set the layer's vocabulary before calling it. Either pass a `vocabulary` argument to the layer, "
          + "or call `adapt` with some sample data.");
    }
    KerasTensor indices = lookupIndices(keys);
    return "int".equals(outputMode) ? indices : encodeIndices(indices);
  }

  /** Indices encoded as the output mode says; indices past the last one (the mask's, padding) count for nothing. */
  KerasTensor encodeIndices(KerasTensor indices) {
    int depth = padToMaxTokens ? maxTokens : frozenVocabularySize;
    KerasTensor encoded = CategoricalOutputs.encode(indices, "tf_idf".equals(outputMode) ? "count" : outputMode, depth,
        DType.FLOAT32);
    if (!"tf_idf".equals(outputMode)) {
      return encoded;
    }
    if (idfWeights == null && !restoringFromFile()) {
      throw new IllegalStateException("When `output_mode` is `'tf_idf'`, `idf_weights` must be provided.");
    }
    // While a model is rebuilt from its config, before the file's idf weights and vocabulary are
    // loaded, its symbolic call needs only the shape; every run traces again with the loaded weights.
    float[] idf = idfWeights == null ? new float[depth] : Arrays.copyOf(idfWeights, depth);
    return Ops.multiply(encoded, Ops.convertToTensor(NdArrays.vectorOf(idf)));
  }

  /**
   * The int64 index of each key: its vocabulary index, the mask token's index (0 for {@code "int"}
   * outputs, past every bin otherwise), or an OOV index.
   */
  KerasTensor lookupIndices(KerasTensor keys) {
    long defaultValue = numOovIndices == 1 ? oovStart() : -1;
    KerasTensor indices = numOovIndices == 0 ? Ops.lookup(keys, table(), defaultValue, NO_OOV_MESSAGE)
        : Ops.lookup(keys, table(), defaultValue);
    if (numOovIndices > 1) {
      KerasTensor oov = Ops.add(oovIndices(keys), (long) oovStart());
      indices = Ops.where(Ops.equal(indices, Ops.scalar(-1, DType.INT64)), oov, indices);
    }
    return indices;
  }

  private KerasTensor oovIndices(KerasTensor keys) {
    if (keyDtype == DType.STRING || "farmhash".equals(oovMethod)) {
      KerasTensor strings = keyDtype == DType.STRING ? keys : Ops.asString(keys);
      return salt == null ? Ops.toHashBucketFast(strings, numOovIndices)
          : Ops.toHashBucketStrong(strings, numOovIndices, salt[0], salt[1]);
    }
    // floormod for integers: x - floor(x / n) * n, exact for the magnitudes of integer vocabularies
    KerasTensor asFloat = Ops.cast(keys, DType.FLOAT64);
    KerasTensor floor = Ops.floor(Ops.divide(asFloat, Ops.scalar(numOovIndices, DType.FLOAT64)));
    return Ops.cast(Ops.subtract(asFloat, Ops.multiply(floor, (double) numOovIndices)), DType.INT64);
  }

  private KerasTensor invertLookup(KerasTensor indices) {
    if (indices.dtype() == DType.STRING || indices.dtype().isFloating()) {
      throw new IllegalArgumentException("Layer '" + name() + "' (" + kerasClassName() + ", invert=True) maps integer "
          + "indices back to tokens, got " + indices.dtype() + " inputs");
    }
    KerasTensor index = Ops.cast(indices, DType.INT64);
    List<Object> vocabulary = getVocabulary(true);
    KerasTensor oov = constant(oovToken);
    if (vocabulary.isEmpty()) {
      return Ops.where(Ops.equal(index, index), oov, oov);
    }
    KerasTensor known = Ops.logicalAnd(Ops.greaterEqual(index, 0), Ops.less(index, vocabulary.size()));
    KerasTensor safe = Ops.clip(index, 0, vocabulary.size() - 1);
    return Ops.where(known, Ops.take(Ops.convertToTensor(tokenArray(vocabulary)), safe), oov);
  }

  /** The vocabulary's tokens to their indices, and the mask token (when there is one) to its index. */
  private LookupTable table() {
    if (table == null) {
      List<Object> keys = new ArrayList<>(tokens);
      List<Long> indices = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        indices.add((long) tokenStart() + i);
      }
      if (maskToken != null) {
        keys.add(maskToken);
        indices.add("int".equals(outputMode) ? 0 : Long.MAX_VALUE);
      }
      long[] values = indices.stream().mapToLong(Long::longValue).toArray();
      table = keyDtype == DType.STRING
          ? LookupTable.ofStrings(keys.stream().map(String.class::cast).toList(), values)
          : LookupTable.ofLongs(keys.stream().mapToLong(t -> ((Number) t).longValue()).toArray(), values);
    }
    return table;
  }

  boolean hasInputVocabulary() {
    return hasInputVocabulary;
  }

  /** Whether the layer was rebuilt from a config whose vocabulary the file's assets still have to give it. */
  private boolean restoringFromFile() {
    return tokens.isEmpty() && frozenVocabularySize != null && inputVocabulary == null;
  }

  /** The vocabulary size a saved config records, so encoded outputs have their width before the assets load. */
  void restoreVocabularySize(int size) {
    frozenVocabularySize = size;
  }

  /** A scalar constant holding {@code token}. */
  private KerasTensor constant(Object token) {
    return token instanceof String s ? Ops.convertToTensor(NdArrays.scalarOfObject(s))
        : Ops.convertToTensor(NdArrays.scalarOf(((Number) token).longValue()));
  }

  // ------------------------------------------------------------------ saving

  /** The vocabulary as {@code vocabulary.txt} (one token a line), unless the config holds it, as Keras's {@code save_assets}. */
  @Override
  public Map<String, byte[]> saveAssets() {
    fixOptions();
    if (inputVocabulary != null) {
      return Map.of();
    }
    String text = getVocabulary(true).stream().map(String::valueOf).collect(Collectors.joining("\n"));
    return Map.of(VOCABULARY_FILE, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void loadAssets(Map<String, byte[]> files) {
    fixOptions();
    if (inputVocabulary != null) {
      return;
    }
    byte[] file = files.get(VOCABULARY_FILE);
    if (file == null) {
      throw new IllegalArgumentException("The saved layer '" + name() + "' (" + kerasClassName() + ") has no "
          + VOCABULARY_FILE + " among its assets (found " + files.keySet() + ")");
    }
    List<String> lines = new ArrayList<>(new String(file, StandardCharsets.UTF_8).lines().toList());
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.isEmpty()) {
      return;
    }
    List<Object> values = lines.stream().map(line -> parseToken(line, VOCABULARY_FILE)).toList();
    setVocabulary(values, "tf_idf".equals(outputMode) ? savedIdf(values.size()) : null);
  }

  /** With {@code "tf_idf"}, the inverse document frequencies of every index, as Keras's {@code vars/idf_weights}. */
  @Override
  public Map<String, NdArray<?>> saveNamedValues() {
    fixOptions();
    if (!"tf_idf".equals(outputMode) || idfWeights == null) {
      return Map.of();
    }
    return Map.of(IDF_WEIGHTS, NdArrays.vectorOf(idfWeights.clone()));
  }

  @Override
  public void loadNamedValues(Map<String, NdArray<?>> values) {
    fixOptions();
    for (String name : values.keySet()) {
      if (!IDF_WEIGHTS.equals(name) || !"tf_idf".equals(outputMode)) {
        throw new IllegalArgumentException("Layer '" + name() + "' (" + kerasClassName() + ", output_mode "
            + outputMode + ") saves " + ("tf_idf".equals(outputMode) ? "only " + IDF_WEIGHTS : "no values by name")
            + ", but the file holds '" + name + "'");
      }
    }
    NdArray<?> saved = values.get(IDF_WEIGHTS);
    if (saved == null) {
      return;
    }
    if (saved.rank() != 1 || !(saved.getObject(0) instanceof Number)
        || saved.getObject(0) instanceof Integer || saved.getObject(0) instanceof Long) {
      throw new IllegalArgumentException("Layer '" + name() + "' expects " + IDF_WEIGHTS + " as a vector of floats, "
          + "one per vocabulary index; the file holds an array of shape " + saved.shape()
          + (saved.rank() == 1 ? " of " + saved.getObject(0).getClass().getSimpleName() : ""));
    }
    float[] weights = new float[Math.toIntExact(saved.shape().size())];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = ((Number) saved.getObject(i)).floatValue();
    }
    idfWeights = weights;
  }

  private double[] savedIdf(int length) {
    if (idfWeights == null || idfWeights.length < length) {
      throw new IllegalArgumentException("Layer '" + name() + "' (tf_idf) has " + (idfWeights == null ? "no"
          : idfWeights.length) + " idf weights to go with its vocabulary of " + length + " tokens: the file's "
          + IDF_WEIGHTS + " (in model.weights.h5) is missing or shorter than its vocabulary.txt");
    }
    double[] idf = new double[length];
    for (int i = 0; i < length; i++) {
      idf[i] = idfWeights[i];
    }
    return idf;
  }

  /** Keras's {@code IndexLookup.get_config} keys, after the base layer's. */
  @Override
  public Map<String, Object> getConfig() {
    fixOptions();
    Map<String, Object> config = super.getConfig();
    config.put("invert", invert);
    config.put("max_tokens", maxTokens);
    config.put("num_oov_indices", numOovIndices);
    config.put("oov_token", oovToken);
    config.put("mask_token", maskToken);
    config.put("output_mode", outputMode);
    config.put("sparse", false);
    config.put("pad_to_max_tokens", padToMaxTokens);
    config.put("idf_weights", inputIdfWeights == null ? null : Arrays.stream(inputIdfWeights).boxed().toList());
    config.put("vocabulary", inputVocabulary == null ? null : List.copyOf(inputVocabulary));
    config.put("vocabulary_size", frozenVocabularySize);
    config.put("oov_method", oovMethod);
    config.put("salt", salt == null ? null : List.of(salt[0], salt[1]));
    return config;
  }

  /** Applies the options of a saved config (Keras's constructor arguments) to {@code layer}. */
  static <T extends IndexLookup<T>> T fromConfig(T created, Config config) {
    IndexLookup<T> layer = created;
    layer.applyBaseConfig(config);
    if (config.has("max_tokens")) {
      layer.maxTokens(config.getInt("max_tokens", 0));
    }
    layer.numOovIndices(config.getInt("num_oov_indices", 1));
    layer.maskToken(config.get("mask_token"));
    if (config.asMap().containsKey("oov_token")) {
      layer.oovToken(config.get("oov_token"));
    }
    layer.outputMode(config.getString("output_mode", "int"));
    layer.padToMaxTokens(config.getBoolean("pad_to_max_tokens", false));
    layer.invert(config.getBoolean("invert", false));
    layer.sparse(config.getBoolean("sparse", false));
    layer.chooseOovMethod(config.getString("oov_method", "floormod"));
    if (config.get("salt") instanceof List<?> list) {
      layer.salt(list.stream().mapToLong(v -> ((Number) v).longValue()).toArray());
    } else if (config.get("salt") instanceof Number n) {
      layer.salt(n.longValue());
    }
    if (config.get("idf_weights") instanceof List<?> list) {
      layer.idfWeights(list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
    }
    if (config.get("vocabulary") instanceof List<?> list) {
      layer.vocabulary(list);
    } else if (config.get("vocabulary") instanceof String path) {
      throw new IllegalArgumentException("Requested the loading of a vocabulary file outside of the model archive ("
          + path + "). This carries a potential risk of loading arbitrary and sensitive files and thus it is "
          + "disallowed; give the layer its vocabulary in the model's assets or as a list.");
    }
    if (config.has("vocabulary_size")) {
      layer.frozenVocabularySize = config.getInt("vocabulary_size", 0);
    }
    layer.fixOptions();
    return created;
  }
}
