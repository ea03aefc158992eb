package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Reusing Pretrained Layers" (<i>Hands-On ML</i> 2nd ed. ch. 11): model A classifies the 8
 * Fashion-MNIST classes other than sandal (5) and shirt (6); model B tells shirts from sandals with
 * only 200 training images. Model B on A reuses a clone of A's hidden layers (new layers, A's weights
 * copied with {@code getWeights}/{@code setWeights}, so A is untouched), frozen for 4 epochs, then
 * unfrozen and fine-tuned 16 epochs at a lower learning rate; compared with B trained from scratch.
 */
public final class TransferLearning implements Sample {
  static final int SANDAL = 5;
  static final int SHIRT = 6;
  private static final int[] HIDDEN = {300, 100, 50, 50, 50};

  @Override
  public String name() {
    return "transfer_learning";
  }

  @Override
  public String description() {
    return "Seed 004: transfer learning on Fashion-MNIST: model A (8 classes) reused for model B (shirt vs sandal,"
        + " 200 images): clone, freeze 4 epochs, unfreeze and fine-tune at lr 1e-4, vs B from scratch";
  }

  @Override
  public String bookReports() {
    return "Model B on A beats B from scratch: the error rate drops from about 2.8% to about 0.7%, a factor of about"
        + " 4; the book then admits the result was cherry-picked (other seeds or classes do far worse: transfer"
        + " learning does not work well with small dense networks)";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    var data = Chapter11Data.fashionMnist(args);
    // Task A: all classes but sandal and shirt, labels 7, 8, 9 moved down to 5, 6, 7.
    var trainA = taskA(data.train());
    var validA = taskA(data.valid());
    var testA = taskA(data.test());
    // Task B: shirt (1) vs sandal (0), 200 training images only.
    var trainB = taskB(data.train()).head(200);
    var validB = taskB(data.valid());
    var testB = taskB(data.test());
    System.out.printf("Task A: %d training images, 8 classes; task B: %d training images (shirt vs sandal),"
        + " %d test images%n", trainA.size(), trainB.size(), testB.size());

    try (var modelA = mlp(8, "softmax");
        var modelB = mlp(1, "sigmoid");
        var modelBOnA = mlp(1, "sigmoid")) {
      modelA.compile(new SGD(1e-3), "sparse_categorical_crossentropy", "accuracy");
      History historyA = modelA.fit(trainA.x(), trainA.y(), fit -> fit
          .epochs(args.epochs(20)).validationData(validA.x(), validA.y()).verbose(2));
      double accuracyA = modelA.evaluate(testA.x(), testA.y()).get("accuracy");
      System.out.printf("Model A: test accuracy %.4f on the 8 classes%n", accuracyA);

      modelB.compile(new SGD(1e-3), "binary_crossentropy", "accuracy");
      int epochsB = args.epochs(20);
      History historyB = modelB.fit(trainB.x(), trainB.yAsFloats(), fit -> fit
          .epochs(epochsB).validationData(validB.x(), validB.yAsFloats()).verbose(0));
      double accuracyB = modelB.evaluate(testB.x(), testB.yAsFloats()).get("accuracy");

      // model_B_on_A = Sequential(model_A_clone.layers[:-1]) + Dense(1, "sigmoid"): copy every hidden layer's weights.
      List<Layer> layersA = modelA.layers();
      List<Layer> layersBOnA = modelBOnA.layers();
      List<Layer> reused = layersBOnA.subList(0, layersBOnA.size() - 1);
      for (int i = 0; i < reused.size(); i++) {
        reused.get(i).setWeights(layersA.get(i).getWeights());
      }
      reused.forEach(layer -> layer.trainable(false));
      modelBOnA.compile(new SGD(1e-3), "binary_crossentropy", "accuracy");
      int frozenEpochs = args.smoke() ? 1 : 4;
      History frozen = modelBOnA.fit(trainB.x(), trainB.yAsFloats(), fit -> fit
          .epochs(frozenEpochs).validationData(validB.x(), validB.yAsFloats()).verbose(0));
      reused.forEach(layer -> layer.trainable(true));
      modelBOnA.compile(new SGD(1e-4), "binary_crossentropy", "accuracy");
      int tunedEpochs = args.smoke() ? 1 : 16;
      History tuned = modelBOnA.fit(trainB.x(), trainB.yAsFloats(), fit -> fit
          .epochs(tunedEpochs).validationData(validB.x(), validB.yAsFloats()).verbose(0));
      double accuracyBOnA = modelBOnA.evaluate(testB.x(), testB.yAsFloats()).get("accuracy");
      double accuracyAAfter = modelA.evaluate(testA.x(), testA.y(), e -> e.verbose(0)).get("accuracy");

      System.out.println("Model B from scratch, validation accuracy by epoch: "
          + Printing.format(historyB.history().get("val_accuracy")));
      System.out.println("Model B on A, frozen: " + Printing.format(frozen.history().get("val_accuracy"))
          + ", fine-tuned: " + Printing.format(tuned.history().get("val_accuracy")));
      double errorB = 1 - accuracyB;
      double errorBOnA = 1 - accuracyBOnA;
      System.out.printf("Model B from scratch: test accuracy %.4f (error %.2f%%)%n", accuracyB, 100 * errorB);
      System.out.printf("Model B on A: test accuracy %.4f (error %.2f%%): the error rate divided by %.2f%n",
          accuracyBOnA, 100 * errorBOnA, errorB / Math.max(errorBOnA, 1e-9));
      System.out.printf("Model A after B's fine-tuning: test accuracy %.4f (was %.4f: its layers were cloned)%n",
          accuracyAAfter, accuracyA);
      System.out.println("Data: " + data.description());

      Figure figure = new Figure(1000, 450);
      figure.panel("Model A (8 classes)", "Epoch", "Accuracy")
          .plot(historyA.history().get("accuracy"), "b-", "training")
          .plot(historyA.history().get("val_accuracy"), "r--", "validation");
      Panel panelB = figure.panel("Task B (shirt vs sandal): validation accuracy", "Epoch", "Accuracy");
      panelB.plot(historyB.history().get("val_accuracy"), "k--", "B from scratch");
      List<Double> onA = new ArrayList<>(frozen.history().get("val_accuracy"));
      onA.addAll(tuned.history().get("val_accuracy"));
      panelB.plot(onA, "b-", "B on A (frozen " + frozenEpochs + ", then fine-tuned)");
      args.savePlot(this, figure, "transfer_learning.png");

      args.record("data", data.description());
      args.record("model_a_test_accuracy", accuracyA);
      args.record("model_a_test_accuracy_after", accuracyAAfter);
      args.record("model_b_test_accuracy", accuracyB);
      args.record("model_b_on_a_test_accuracy", accuracyBOnA);
      args.record("error_rate_ratio", errorB / Math.max(errorBOnA, 1e-9));
      args.record("epochs_a", historyA.epoch().size());
      args.record("epochs_b", epochsB);
      args.record("epochs_b_on_a", frozenEpochs + "+" + tunedEpochs);
    }
  }

  /** The book's model: Flatten, Dense 300-100-50-50-50 (SELU), then the task's output layer. */
  static Sequential mlp(int outputs, String activation) {
    var model = new Sequential(new Flatten().inputShape(28, 28));
    for (int units : HIDDEN) {
      model.add(new Dense(units, "selu"));
    }
    model.add(new Dense(outputs, activation));
    return model;
  }

  static Chapter11Data.Split taskA(Chapter11Data.Split split) {
    return split.where(label -> label != SANDAL && label != SHIRT, label -> label > SHIRT ? label - 2 : label);
  }

  static Chapter11Data.Split taskB(Chapter11Data.Split split) {
    return split.where(label -> label == SANDAL || label == SHIRT, label -> label == SHIRT ? 1 : 0);
  }
}
