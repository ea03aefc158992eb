package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.datasets.FashionMnist;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real run on the full Fashion-MNIST (CI installs it from Debian's dataset-fashion-mnist). */
class FashionMnistEndToEndTest {

  @Test
  void mlpReachesKerasAccuracyOnTheTestSet() {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))
        || Files.isDirectory(Path.of(System.getProperty("user.home"), ".keras/datasets/fashion-mnist")),
        "full Fashion-MNIST is not installed");
    var data = FashionMnist.loadData();
    assertEquals(60000, data.train().size());
    var xTrain = Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    var xTest = Ops.divide(Ops.cast(data.test().x(), "float32"), 255f);
    try (var model = new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300, "relu"),
        new Dense(100, "relu"),
        new Dense(10, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      var history = model.fit(xTrain, data.train().y(), fit -> fit.epochs(4).verbose(2));
      Map<String, Double> scores = model.evaluate(xTest, data.test().y(), e -> e.verbose(0));
      assertTrue(history.history().get("loss").get(3) < history.history().get("loss").get(0));
      assertTrue(scores.get("accuracy") >= 0.84, "test accuracy " + scores);
    }
  }
}
