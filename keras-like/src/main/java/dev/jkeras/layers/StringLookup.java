package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Maps strings to integer indices through a vocabulary, as Keras's {@code StringLookup}:
 * {@code new StringLookup().vocabulary(List.of("a", "b", "c"))} maps {@code "a"} to 1, {@code "c"}
 * to 3 and any other string to 0 (the OOV index, token {@code "[UNK]"}). See {@link IndexLookup} for
 * the options; the inputs are string tensors of any shape.
 */
public class StringLookup extends IndexLookup<StringLookup> {

  public StringLookup() {
    super(DType.STRING, "[UNK]");
  }

  @Override
  Object token(Object value, String what) {
    if (value == null && !what.equals("vocabulary")) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("StringLookup's " + what + " holds strings, got " + value
          + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")") + "; use IntegerLookup for integers");
    }
    return s;
  }

  @Override
  Object parseToken(String line, String source) {
    return line;
  }

  @Override
  KerasTensor keys(KerasTensor inputs) {
    if (inputs.dtype() != DType.STRING) {
      throw new IllegalArgumentException("Layer '" + name() + "' (StringLookup) needs string inputs, got "
          + inputs.dtype() + inputs.shape() + ". Give the model an input of dtype \"string\" (Input.of(\"string\", ...)), "
          + "or use IntegerLookup for integer tokens.");
    }
    return inputs;
  }

  @Override
  NdArray<?> tokenArray(List<Object> tokens) {
    return NdArrays.vectorOfObjects(tokens.stream().map(String.class::cast).toArray(String[]::new));
  }

  @Override
  @SuppressWarnings("unchecked")
  List<List<Object>> documents(NdArray<?> data) {
    if (data.rank() == 0 || !(data.getObject(new long[data.rank()]) instanceof String) && data.size() > 0) {
      throw new IllegalArgumentException("Layer '" + name() + "' (StringLookup) adapts to arrays of strings with a "
          + "batch axis, got " + data.shape() + (data.size() > 0 ? " of " + data.getObject(new long[data.rank()])
              .getClass().getSimpleName() : ""));
    }
    NdArray<String> strings = (NdArray<String>) data;
    List<List<Object>> documents = new ArrayList<>();
    if (strings.rank() == 1) {
      strings.scalars().forEach(s -> documents.add(List.of(s.getObject())));
    } else {
      for (long i = 0; i < strings.shape().get(0); i++) {
        List<Object> document = new ArrayList<>();
        strings.get(i).scalars().forEach(s -> document.add(s.getObject()));
        documents.add(document);
      }
    }
    return documents;
  }

  public static StringLookup fromConfig(Config config) {
    return IndexLookup.fromConfig(new StringLookup(), config);
  }

  /** {@link IndexLookup}'s keys, without {@code vocabulary_dtype} and with {@code encoding}, as Keras's. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("encoding", "utf-8");
    return config;
  }
}
