package dev.jkeras.backend.tensorflow.savedmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Hostile SavedModels for tests, made by editing copies of the Python fixtures with TensorFlow Java's
 * proto classes. {@code half_plus_two_tf1} computes {@code y = 0.5 x + 2} from input {@code x:0}
 * ({@code [?, 1]} float) to output {@code y:0}.
 */
final class HostileSavedModels {
  static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();

  private HostileSavedModels() {}

  /** A copy in {@code target} of fixture {@code name}, its first meta graph rewritten by {@code edit}. */
  static Path edited(String name, Path target, UnaryOperator<MetaGraphDef> edit) throws IOException {
    Path dir = copy(name, target);
    Path pb = dir.resolve("saved_model.pb");
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(pb));
    Files.write(pb, model.toBuilder().setMetaGraphs(0, edit.apply(model.getMetaGraphs(0))).build().toByteArray());
    return dir;
  }

  /** A writable copy of fixture {@code name} in {@code target}. */
  static Path copy(String name, Path target) throws IOException {
    Path source = FIXTURES.resolve(name);
    Path dir = target.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = dir.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
        copy.toFile().setWritable(true);
      }
    }
    return dir;
  }

  /** {@code half_plus_two_tf1} whose {@code serving_default} passes y through {@code length} Identity ops. */
  static UnaryOperator<MetaGraphDef> identityChain(int length) {
    return meta -> {
      MetaGraphDef.Builder b = meta.toBuilder();
      String previous = "y";
      for (int i = 0; i < length; i++) {
        b.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("id" + i).setOp("Identity").addInput(previous)
            .putAttr("T", type(DataType.DT_FLOAT)));
        previous = "id" + i;
      }
      return b.putSignatureDef("serving_default", floatSignature(previous + ":0")).build();
    };
  }

  /** A function {@code name} of one float argument {@code a} and one result {@code o}, its body {@code body}. */
  static FunctionDef.Builder function(String name, NodeDef.Builder body, String result) {
    return FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName(name)
            .addInputArg(OpDef.ArgDef.newBuilder().setName("a").setType(DataType.DT_FLOAT))
            .addOutputArg(OpDef.ArgDef.newBuilder().setName("o").setType(DataType.DT_FLOAT)))
        .addNodeDef(body)
        .putRet("o", result);
  }

  /** A {@code StatefulPartitionedCall} of function {@code f} on {@code input}. */
  static NodeDef.Builder partitionedCall(String name, String f, String input) {
    return NodeDef.newBuilder().setName(name).setOp("StatefulPartitionedCall").addInput(input)
        .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(f)).build())
        .putAttr("Tin", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(DataType.DT_FLOAT))
            .build())
        .putAttr("Tout", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(DataType.DT_FLOAT))
            .build());
  }

  /** A signature from input {@code x} ({@code x:0}, float {@code [?, 1]}) to output {@code y}, float of any shape. */
  static SignatureDef floatSignature(String output) {
    return SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
        .putInputs("x", TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT)
            .setTensorShape(TensorShapeProto.newBuilder().addDim(dim(-1)).addDim(dim(1))).build())
        .putOutputs("y", TensorInfo.newBuilder().setName(output).setDtype(DataType.DT_FLOAT)
            .setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true)).build())
        .build();
  }

  static NodeDef.Builder intConst(String name, int... values) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(dim(values.length)));
    for (int value : values) {
      tensor.addIntVal(value);
    }
    return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(DataType.DT_INT32))
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build());
  }

  static NodeDef.Builder floatConst(String name, TensorShapeProto.Builder shape, float... values) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape);
    for (float value : values) {
      tensor.addFloatVal(value);
    }
    return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type(DataType.DT_FLOAT))
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build());
  }

  static TensorShapeProto.Dim.Builder dim(long size) {
    return TensorShapeProto.Dim.newBuilder().setSize(size);
  }

  static AttrValue type(DataType type) {
    return AttrValue.newBuilder().setType(type).build();
  }
}
