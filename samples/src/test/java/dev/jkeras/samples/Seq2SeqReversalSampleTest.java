package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seq2seq sample, tiny (1,024 training strings, 12 epochs, a few seconds): the LSTM
 * encoder-decoder learns to reverse held-out digit strings far above chance (10% per digit), both
 * teacher-forced and by greedy decoding from the encoder's states.
 */
class Seq2SeqReversalSampleTest {
  @TempDir
  Path dir;

  @Test
  void learnsToReverseHeldOutStrings() {
    SampleArgs args = SampleArgs.parse("--smoke", "--epochs", "12", "--out", dir.toString());
    new Seq2SeqReversal().run(args);
    double teacherForced = ((Number) args.results().get("test_teacher_forced_accuracy")).doubleValue();
    double greedy = ((Number) args.results().get("test_greedy_digit_accuracy")).doubleValue();
    assertEquals(128, args.results().get("test_strings"));
    assertTrue(teacherForced > 0.6, "teacher-forced digit accuracy " + teacherForced + " against chance 0.1");
    assertTrue(greedy > 0.5, "greedy decoding digit accuracy " + greedy + " against chance 0.1");
  }

  @Test
  void stringsAreDistinctAndReversed() {
    var strings = Seq2SeqReversal.distinctStrings(new java.util.Random(1), 200);
    assertEquals(200, strings.stream().map(Seq2SeqReversal::text).distinct().count());
    assertEquals("654321", Seq2SeqReversal.text(Seq2SeqReversal.reversed(new int[] {1, 2, 3, 4, 5, 6})));
    Seq2SeqReversal.Batch batch = Seq2SeqReversal.Batch.of(java.util.List.of(new int[] {1, 2, 3, 4, 5, 6}));
    assertEquals(Seq2SeqReversal.START, batch.decoderInput().getInt(0, 0), "teacher forcing starts with START");
    assertEquals(6, batch.decoderInput().getInt(0, 1), "then the target shifted right");
    assertEquals(6, batch.target().getInt(0, 0));
  }
}
