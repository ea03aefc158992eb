package dev.jkeras.saving;

import dev.jkeras.backend.ImportedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A fresh process serving a SavedModel on raw strings: {@code dir input output text...}; prints each
 * output row as {@code @@v1,v2,...}. Used by {@link RawInputsExportTest}.
 */
public final class ServeSavedModel {
  private ServeSavedModel() {}

  public static void main(String[] args) {
    String[] text = Arrays.copyOfRange(args, 3, args.length);
    NdArray<String> rows = NdArrays.ofObjects(String.class, Shape.of(text.length, 1));
    for (int i = 0; i < text.length; i++) {
      rows.setObject(text[i], i, 0);
    }
    try (ImportedModel served = SavedModels.load(Path.of(args[0]))) {
      NdArray<?> out = served.call("serving_default", Map.of(args[1], rows)).get(args[2]);
      for (long i = 0; i < out.shape().get(0); i++) {
        StringBuilder line = new StringBuilder("@@");
        NdArray<?> row = out.get(i);
        row.scalars().forEach(s -> line.append(line.length() > 2 ? "," : "").append(s.getObject()));
        System.out.println(line);
      }
    }
  }
}
