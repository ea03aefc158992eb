package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Dense;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Nadam;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.regularizers.Regularizers;
import dev.jkeras.trainers.StepFunction;
import dev.jkeras.utils.Utils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seed 004, "Custom Training Loops" (<i>Hands-On ML</i> ch. 12): the book's l2-regularized regression
 * MLP trained by a loop written from scratch on random batches: forward pass in training mode, the
 * mean MSE plus {@code model.losses()}, {@code tape.gradient}, Nadam's {@code applyGradients}, a Mean
 * loss tracker and a MeanAbsoluteError metric, printed and reset each epoch. The step is traced once
 * ({@code model.stepFunction}); each batch is one session run. Data: the housing stand-in.
 */
public final class CustomTrainingLoop implements Sample {

  @Override
  public String name() {
    return "custom_training_loop";
  }

  @Override
  public String description() {
    return "Seed 004: Hands-On ML ch. 12's custom training loop (random batches, GradientTape, apply_gradients, a Mean"
        + " loss and a MAE metric reset per epoch) for the l2-regularized regression MLP, on a California housing"
        + " stand-in (diabetes)";
  }

  @Override
  public String bookReports() {
    return "The book prints the status bar per epoch (mean loss and mean_absolute_error), without final figures";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    HousingStandIn data = HousingStandIn.load();
    TabularData train = args.smoke() ? data.train().head(64) : data.train();
    var l2 = Regularizers.l2(0.05);
    try (var model = new Sequential(
        new Dense(30).activation("elu").kernelInitializer("he_normal").kernelRegularizer(l2),
        new Dense(1).kernelRegularizer(l2))) {
      model.build(train.featureCount());
      int epochs = args.epochs(5);
      int batchSize = 32;
      int steps = Math.max(1, train.size() / batchSize);
      Optimizer optimizer = new Nadam(0.01);
      Loss lossFn = Losses.get("mean_squared_error");
      Mean meanLoss = new Mean("loss");
      List<Metric> metrics = List.of(Metrics.get("mean_absolute_error", Shape.of(Shape.UNKNOWN, 1),
          Shape.of(Shape.UNKNOWN, 1)));

      StepFunction trainStep = model.stepFunction((x, y, tape) -> {
        KerasTensor yPred = model.apply(x, true);
        KerasTensor loss = Ops.mean(lossFn.call(y, yPred));   // main_loss
        for (KerasTensor penalty : model.losses()) {          // tf.add_n([main_loss] + model.losses)
          loss = Ops.add(loss, penalty);
        }
        List<Variable> weights = model.trainableWeights();
        optimizer.applyGradients(tape.gradient(loss, weights), weights);
        meanLoss.updateValues(loss);
        Map<String, KerasTensor> logs = new LinkedHashMap<>();
        logs.put("loss", meanLoss.result());
        for (Metric metric : metrics) {
          metric.updateState(y, yPred);
          logs.put(metric.name(), metric.result());
        }
        return logs;
      });

      Random random = new Random(42);
      Map<String, Double> logs = Map.of();
      long traceNanos = 0;
      long start = System.nanoTime();
      for (int epoch = 1; epoch <= epochs; epoch++) {
        for (int step = 1; step <= steps; step++) {
          TabularData batch = randomBatch(train, batchSize, random);
          logs = trainStep.run(batch.features(), batch.targets());
          if (epoch == 1 && step == 1) {
            traceNanos = System.nanoTime() - start;   // the first run traces the step
            start = System.nanoTime();
          }
        }
        System.out.printf("Epoch %d/%d  %d/%d - loss: %.4f - mean_absolute_error: %.4f%n", epoch, epochs,
            train.size(), train.size(), logs.get("loss"), logs.get("mean_absolute_error"));
        meanLoss.resetState();
        metrics.forEach(Metric::resetState);
      }
      double msPerStep = (System.nanoTime() - start) / 1e6 / Math.max(1, epochs * steps - 1);
      double testMse = mse(model.call(data.test().features()), data.test().y());
      System.out.printf("Test MSE %.4f (baseline %.4f); %d trace(s) (the first step, %.0f ms), then %.2f ms per step%n",
          testMse, data.baselineTestMse(), trainStep.tracedCount(), traceNanos / 1e6, msPerStep);
      args.record("data", data.description());
      args.record("epochs", epochs);
      args.record("last_epoch_loss", logs.get("loss"));
      args.record("last_epoch_mae", logs.get("mean_absolute_error"));
      args.record("test_mse", testMse);
      args.record("baseline_test_mse", data.baselineTestMse());
      args.record("first_step_with_trace_ms", traceNanos / 1e6);
      args.record("ms_per_step", msPerStep);
    }
  }

  /** The book's {@code random_batch}: {@code batchSize} rows drawn with replacement. */
  private static TabularData randomBatch(TabularData data, int batchSize, Random random) {
    int[] rows = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      rows[i] = random.nextInt(data.size());
    }
    return data.rows(rows);
  }

  /** The mean squared error of one-column predictions ({@code model(X_test)}) against targets. */
  private static double mse(org.tensorflow.ndarray.FloatNdArray predictions, float[] targets) {
    double sum = 0;
    for (int i = 0; i < targets.length; i++) {
      double d = predictions.getFloat(i, 0) - targets[i];
      sum += d * d;
    }
    return sum / targets.length;
  }
}
