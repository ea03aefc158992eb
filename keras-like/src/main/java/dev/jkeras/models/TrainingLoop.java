package dev.jkeras.models;

import dev.jkeras.backend.Feed;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.callbacks.CallbackList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.NdArray;

/**
 * The loops of {@code fit} and {@code evaluate}: epochs of shuffled batches, each one session run of
 * the traced step, with the callbacks called around them. Java does only the batching and the logs.
 */
final class TrainingLoop {
  private final Model model;
  private Random shuffler;

  TrainingLoop(Model model) {
    this.model = model;
  }

  /** Trains on the first {@code trainCount} samples; validates on the rest or on validationData. */
  void fit(Trainer trainer, ModelData data, FitOptions options, int trainCount, CallbackList callbacks) {
    Trainer.Steps steps = trainer.steps(data.signature());
    int stepsPerEpoch = Model.ceilDiv(trainCount, options.batchSize());
    try (DataFeeds feeds = DataFeeds.of(model.graph(), data.arrays());
        Validation validation = Validation.of(model, options, data, feeds, trainCount, data.samples())) {
      Trainer.Steps validationSteps = validation == null ? null : trainer.steps(validation.signature());
      int[] order = Model.range(0, trainCount);
      model.stopTraining(false);
      callbacks.onTrainBegin(Map.of());
      Map<String, Double> trainingLogs = Map.of();
      Map<String, Double> logs = Map.of();
      int firstEpoch = Math.max(options.initialEpoch(), model.takeResumeEpoch());
      // As Keras 3: a stop requested by a callback ends the epoch after the current batch; the
      // epoch still validates and ends, and no further epoch starts.
      for (int epoch = firstEpoch; epoch < options.epochs(); epoch++) {
        steps.reset().run(List.of());
        callbacks.onEpochBegin(epoch, Map.of());
        if (options.shuffle()) {
          shuffle(order);
        }
        for (int step = 0; step < stepsPerEpoch; step++) {
          callbacks.onTrainBatchBegin(step, Map.of());
          int from = step * options.batchSize();
          List<NdArray<?>> results;
          try (Feed batch = model.graph().feed(order, from, Math.min(from + options.batchSize(), trainCount))) {
            results = steps.train().call(feeds.with(batch));
          }
          logs = toLogs(steps.trainNames(), results);
          callbacks.onTrainBatchEnd(step, logs);
          if (model.stopTraining()) {
            break;
          }
        }
        Map<String, Double> epochLogs = new LinkedHashMap<>(logs);
        if (validation != null) {
          // Validation is an evaluate on the same callbacks, as in Keras: onTestBegin ... onTestEnd.
          test(validationSteps, validation.feeds(), validation.indices(), options.batchSize(), callbacks)
              .forEach((name, value) -> epochLogs.put("val_" + name, value));
        }
        callbacks.onEpochEnd(epoch, epochLogs);
        trainingLogs = epochLogs;
        if (model.stopTraining()) {
          break;
        }
      }
      callbacks.onTrainEnd(trainingLogs);
    }
  }

  /** Runs the test step over {@code indices} in batches; returns the logs after the last batch. */
  Map<String, Double> test(Trainer.Steps steps, DataFeeds feeds, int[] indices, int batchSize, CallbackList callbacks) {
    model.stopEvaluating(false);
    steps.reset().run(List.of());
    callbacks.onTestBegin(Map.of());
    Map<String, Double> logs = Map.of();
    for (int step = 0, from = 0; from < indices.length; step++, from += batchSize) {
      callbacks.onTestBatchBegin(step, Map.of());
      try (Feed batch = model.graph().feed(indices, from, Math.min(from + batchSize, indices.length))) {
        logs = toLogs(steps.testNames(), steps.test().call(feeds.with(batch)));
      }
      callbacks.onTestBatchEnd(step, logs);
      if (model.stopEvaluating()) {
        break;
      }
    }
    callbacks.onTestEnd(logs);
    return logs;
  }

  private void shuffle(int[] order) {
    if (shuffler == null) {
      // Seeded from the global seed (Utils.setRandomSeed) when there is one, as Keras shuffles.
      long seed = RandomSeeds.resolve(0);
      shuffler = seed == 0 ? new Random() : new Random(seed);
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = shuffler.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  private static Map<String, Double> toLogs(List<String> names, List<NdArray<?>> values) {
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      logs.put(names.get(i), ((Number) values.get(i).getObject()).doubleValue());
    }
    return logs;
  }
}
