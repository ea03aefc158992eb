package dev.jkeras.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.callbacks.ModelCheckpoint;
import dev.jkeras.callbacks.TensorBoard;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.TFSMLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.SavedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/** ../shared/API.md snippet 6, as written (paths under a temporary directory). */
class ApiSnippet6Test {
  @TempDir
  Path dir;

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void callbacksCheckpointsTensorBoardSavingAndImport() throws Exception {
    Random random = new Random(5);
    FloatNdArray xTrain = NdArrays.ofFloats(Shape.of(200, 8));
    FloatNdArray yTrain = NdArrays.ofFloats(Shape.of(200, 1));
    xTrain.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    for (int i = 0; i < 200; i++) {
      yTrain.setFloat(xTrain.getFloat(i, 0) - 2 * xTrain.getFloat(i, 1), i, 0);
    }
    var xValid = xTrain.slice(org.tensorflow.ndarray.index.Indices.range(150, 200));
    var yValid = yTrain.slice(org.tensorflow.ndarray.index.Indices.range(150, 200));
    Model model = new Sequential(new InputLayer(8), new Dense(16, "relu"), new Dense(1));
    model.compile("adam", "mse");

    Path runLogdir = TensorBoard.runLogDir(dir.resolve("my_logs"));
    var checkpoint = new ModelCheckpoint(path("my_model.keras")).saveBestOnly(true);
    var early = new EarlyStopping().patience(10).restoreBestWeights(true);
    var tensorboard = new TensorBoard(runLogdir);   // logdir/train, logdir/validation
    model.fit(xTrain, yTrain, fit -> fit.epochs(100)
        .validationData(xValid, yValid).callbacks(checkpoint, early, tensorboard).verbose(0));
    assertTrue(Files.isDirectory(runLogdir.resolve("train")) && Files.isDirectory(runLogdir.resolve("validation")));
    model.save(path("final.keras"));
    Model best = Models.loadModel(path("my_model.keras"));       // architecture + weights + optimizer
    assertTrue(best.isCompiled());
    model.saveWeights(path("my.weights"));
    best.loadWeights(path("my.weights"));
    assertEquals(model.predict(xValid), best.predict(xValid));
    model.export(path("exported/1"));                       // SavedModel, "serving_default"
    assertTrue(Files.isRegularFile(dir.resolve("exported/1/saved_model.pb")));
    best.close();
    model.close();

    Path pythonModel = Path.of("../../shared/fixtures/savedmodels/half_plus_two_tf1");
    assumeTrue(Files.isDirectory(pythonModel), "fixture missing: " + pythonModel.toAbsolutePath());
    var input = StdArrays.ndCopyOf(new float[][] {{1}, {2}});
    try (var imported = SavedModels.load(pythonModel.toString())) {  // a SavedModel made in Python
      var outputs = imported.call("serving_default", Map.of("x", input));
      assertEquals(2.5f, ((FloatNdArray) outputs.get("y")).getFloat(0, 0), 1e-6);
    }
    var frozenBase = new TFSMLayer(pythonModel.toString(), "serving_default");
    assertTrue(!frozenBase.trainable());
  }
}
