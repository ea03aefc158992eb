package dev.jkeras.samples;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A sequence-to-sequence toy (Keras's "character-level recurrent sequence-to-sequence model"
 * example, on digits): an LSTM encoder reads a string of digits and hands its final states
 * ({@code returnState}) to an LSTM decoder as {@code initialState}; the decoder is trained with
 * teacher forcing to write the string reversed (its input is the target shifted right behind a
 * start token), a Dense softmax over the ten digits at every step. Accuracy is measured on held-out
 * strings, teacher-forced (per digit) and by greedy decoding (the decoder fed its own previous
 * digit, one step at a time, from the encoder's states).
 *
 * <p>The decoder's input has an unknown length ({@code Input.of("int32", -1)}), so the decoder's
 * layers (Embedding, LSTM, Dense) take the six teacher-forced steps while training (the LSTM then
 * runs as a while loop) and also one step at a time: the one-step decoder of the inference loop is
 * the same layers applied to one token, sharing the trained weights.
 */
public final class Seq2SeqReversal implements Sample {
  static final int DIGITS = 10;
  static final int START = DIGITS;
  private static final int LENGTH = 6;
  private static final int UNITS = 96;
  private static final int EMBEDDING = 16;

  @Override
  public String name() {
    return "seq2seq_reverse";
  }

  @Override
  public String description() {
    return "Issue 16: a seq2seq toy, reversing strings of 6 digits with an LSTM encoder-decoder (encoder "
        + "returnState -> decoder initial state, teacher forcing, Dense softmax), held-out accuracy per digit "
        + "and of whole strings by greedy decoding";
  }

  @Override
  public String bookReports() {
    return "Keras's seq2seq example reports no accuracy; reversal is learned almost perfectly by such models";
  }

  @Override
  public void run(SampleArgs args) {
    Utils.setRandomSeed(42);
    int trainCount = args.smoke() ? 1024 : 8000;
    int testCount = args.smoke() ? 128 : 500;
    Random random = new Random(42);
    List<int[]> data = distinctStrings(random, trainCount + testCount);
    Batch train = Batch.of(data.subList(0, trainCount));
    Batch test = Batch.of(data.subList(trainCount, data.size()));

    KerasTensor encoderTokens = Input.of("int32", LENGTH).name("encoder_tokens");
    KerasTensor decoderTokens = Input.of("int32", -1).name("decoder_tokens");
    Embedding encoderEmbedding = new Embedding(DIGITS, EMBEDDING).name("encoder_embedding");
    Embedding decoderEmbedding = new Embedding(DIGITS + 1, EMBEDDING).name("decoder_embedding");
    LSTM encoder = new LSTM(UNITS).returnState(true).name("encoder");
    LSTM decoder = new LSTM(UNITS).returnSequences(true).returnState(true).name("decoder");
    Dense digits = new Dense(DIGITS, "softmax").name("digits");

    List<KerasTensor> encoded = encoder.applyAll(List.of(encoderEmbedding.apply(encoderTokens)), false);
    List<KerasTensor> decoded = decoder.applyAll(
        List.of(decoderEmbedding.apply(decoderTokens), encoded.get(1), encoded.get(2)), false);
    int epochs = args.epochs(20);
    try (Model model = new Model(List.of(encoderTokens, decoderTokens), List.of(digits.apply(decoded.get(0))));
        Model encoderModel = new Model(List.of(encoderTokens), encoded.subList(1, 3))) {
      model.compile(new Adam(0.005), "sparse_categorical_crossentropy", "accuracy");
      model.summary();
      long started = System.nanoTime();
      var history = model.fit(List.of(train.source(), train.decoderInput()), List.of(train.target()),
          fit -> fit.epochs(epochs).batchSize(64).validationSplit(0.1).verbose(2));
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, Double> scores = model.evaluate(List.of(test.source(), test.decoderInput()),
          List.of(test.target()), e -> e.verbose(0));
      try (GreedyDecoder greedy = new GreedyDecoder(encoderModel, decoderEmbedding, decoder, digits)) {
        int[][] predicted = greedy.decode(test.source());
        int strings = 0;
        int correctDigits = 0;
        for (int i = 0; i < predicted.length; i++) {
          int[] expected = reversed(test.strings().get(i));
          boolean all = true;
          for (int t = 0; t < LENGTH; t++) {
            boolean same = predicted[i][t] == expected[t];
            correctDigits += same ? 1 : 0;
            all &= same;
          }
          strings += all ? 1 : 0;
          if (i < 5) {
            System.out.println(text(test.strings().get(i)) + " -> " + text(predicted[i]) + (all ? "" : "   (expected "
                + text(expected) + ")"));
          }
        }
        double stringAccuracy = strings / (double) predicted.length;
        double digitAccuracy = correctDigits / (double) (predicted.length * LENGTH);
        System.out.printf("Held-out strings: teacher-forced digit accuracy %.4f; greedy decoding: digit accuracy "
            + "%.4f, whole strings %.4f (%d of %d)%n", scores.get("accuracy"), digitAccuracy, stringAccuracy,
            strings, predicted.length);
        args.record("epochs", epochs);
        args.record("train_strings", trainCount);
        args.record("test_strings", testCount);
        args.record("train_accuracy", last(history.history().get("accuracy")));
        args.record("val_accuracy", last(history.history().get("val_accuracy")));
        args.record("test_teacher_forced_accuracy", scores.get("accuracy"));
        args.record("test_greedy_digit_accuracy", digitAccuracy);
        args.record("test_greedy_string_accuracy", stringAccuracy);
        args.record("chance_digit_accuracy", 1.0 / DIGITS);
        args.record("fit_seconds", seconds);
      }
    }
  }

  /** {@code count} different strings of {@link #LENGTH} digits. */
  static List<int[]> distinctStrings(Random random, int count) {
    Set<String> seen = new HashSet<>();
    List<int[]> strings = new ArrayList<>();
    while (strings.size() < count) {
      int[] digits = random.ints(LENGTH, 0, DIGITS).toArray();
      if (seen.add(text(digits))) {
        strings.add(digits);
      }
    }
    return strings;
  }

  static int[] reversed(int[] digits) {
    int[] out = new int[digits.length];
    for (int i = 0; i < digits.length; i++) {
      out[i] = digits[digits.length - 1 - i];
    }
    return out;
  }

  static String text(int[] digits) {
    StringBuilder s = new StringBuilder();
    for (int d : digits) {
      s.append(d);
    }
    return s.toString();
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  /**
   * The training arrays: the source strings, the decoder's teacher-forced input (the reversed string
   * shifted right behind the start token) and its target (the reversed string).
   */
  record Batch(List<int[]> strings, IntNdArray source, IntNdArray decoderInput, IntNdArray target) {
    static Batch of(List<int[]> strings) {
      Shape shape = Shape.of(strings.size(), LENGTH);
      IntNdArray source = NdArrays.ofInts(shape);
      IntNdArray decoderInput = NdArrays.ofInts(shape);
      IntNdArray target = NdArrays.ofInts(shape);
      for (int i = 0; i < strings.size(); i++) {
        int[] reversed = reversed(strings.get(i));
        for (int t = 0; t < LENGTH; t++) {
          source.setInt(strings.get(i)[t], i, t);
          target.setInt(reversed[t], i, t);
          decoderInput.setInt(t == 0 ? START : reversed[t - 1], i, t);
        }
      }
      return new Batch(strings, source, decoderInput, target);
    }
  }

  /**
   * Greedy decoding: the encoder's final states start a one-step decoder (the trained decoder's
   * layers applied to one token) that is fed its own most likely digit.
   */
  private static final class GreedyDecoder implements AutoCloseable {
    private final Model encoder;
    private final Model step;

    GreedyDecoder(Model encoder, Embedding embedding, LSTM decoder, Dense digits) {
      this.encoder = encoder;
      KerasTensor token = Input.of("int32", 1).name("previous_digit");
      KerasTensor h = Input.of(UNITS).name("state_h");
      KerasTensor c = Input.of(UNITS).name("state_c");
      List<KerasTensor> out = decoder.applyAll(List.of(embedding.apply(token), h, c), false);
      this.step = new Model(List.of(token, h, c), List.of(digits.apply(out.get(0)), out.get(1), out.get(2)));
    }

    int[][] decode(IntNdArray source) {
      int n = Math.toIntExact(source.shape().get(0));
      List<NdArray<?>> states = encoder.predictArrays(List.of(source), p -> p.verbose(0));
      IntNdArray previous = NdArrays.ofInts(Shape.of(n, 1));
      for (int i = 0; i < n; i++) {
        previous.setInt(START, i, 0);
      }
      int[][] decoded = new int[n][LENGTH];
      for (int t = 0; t < LENGTH; t++) {
        List<NdArray<?>> out = step.predictArrays(List.of(previous, states.get(0), states.get(1)), p -> p.verbose(0));
        FloatNdArray probabilities = (FloatNdArray) out.get(0);
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int d = 1; d < DIGITS; d++) {
            if (probabilities.getFloat(i, 0, d) > probabilities.getFloat(i, 0, best)) {
              best = d;
            }
          }
          decoded[i][t] = best;
          previous.setInt(best, i, 0);
        }
        states = out.subList(1, 3);
      }
      return decoded;
    }

    @Override
    public void close() {
      step.close();
    }
  }
}
