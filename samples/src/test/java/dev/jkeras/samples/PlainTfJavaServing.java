package dev.jkeras.samples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * A serving program that knows nothing of jkeras: TensorFlow Java's own {@link SavedModelBundle}
 * loads an exported model and runs {@code serving_default}. Run in a fresh JVM by
 * {@link ExportInteropTest}: {@code PlainTfJavaServing <saved model dir> <input file> <output file>},
 * where the files hold a float matrix as rows, columns, then values.
 */
public final class PlainTfJavaServing {
  private PlainTfJavaServing() {}

  public static void main(String[] args) throws IOException {
    FloatNdArray input = read(Path.of(args[1]));
    try (SavedModelBundle bundle = SavedModelBundle.load(args[0], "serve")) {
      SignatureDef signature = bundle.metaGraphDef().getSignatureDefOrThrow("serving_default");
      String inputName = signature.getInputsMap().values().iterator().next().getName();
      String outputName = signature.getOutputsMap().values().iterator().next().getName();
      try (TFloat32 x = TFloat32.tensorOf(input);
          Result result = bundle.session().runner().feed(inputName, x).fetch(outputName).run()) {
        Tensor output = result.get(0);
        write(Path.of(args[2]), (TFloat32) output);
      }
    }
  }

  static FloatNdArray read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      int rows = in.readInt();
      int columns = in.readInt();
      FloatNdArray array = NdArrays.ofFloats(Shape.of(rows, columns));
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          array.setFloat(in.readFloat(), i, j);
        }
      }
      return array;
    }
  }

  static void write(Path file, FloatNdArray array) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      int rows = (int) array.shape().get(0);
      int columns = (int) array.shape().get(1);
      out.writeInt(rows);
      out.writeInt(columns);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          out.writeFloat(array.getFloat(i, j));
        }
      }
    }
  }
}
