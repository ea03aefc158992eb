package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Op;

/** One traced function: feeds in, one session run, outputs copied out. */
final class TfGraphFunction implements GraphFunction {
  private final PendingInitializers initializers;
  private final Session session;
  private final List<Operand<?>> inputs;
  private final List<Operand<?>> outputs;
  private final List<Op> updates;
  /** The distinct tensors fetched (a session run refuses the same tensor twice), and which one each output is. */
  private final List<Operand<?>> fetches = new ArrayList<>();
  private final int[] fetchOf;

  TfGraphFunction(PendingInitializers initializers, Session session, List<Operand<?>> inputs,
      List<Operand<?>> outputs, List<Op> updates) {
    this.initializers = initializers;
    this.session = session;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.updates = List.copyOf(updates);
    this.fetchOf = new int[outputs.size()];
    Map<org.tensorflow.Output<?>, Integer> seen = new HashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      Operand<?> output = outputs.get(i);
      fetchOf[i] = seen.computeIfAbsent(output.asOutput(), o -> {
        fetches.add(output);
        return fetches.size() - 1;
      });
    }
  }

  private Session.Runner runner(List<Feed> feeds) {
    if (feeds.size() != inputs.size()) {
      throw new IllegalArgumentException("Expected " + inputs.size() + " feeds, got " + feeds.size());
    }
    initializers.runAll();
    Session.Runner runner = session.runner();
    for (int i = 0; i < feeds.size(); i++) {
      runner.feed(inputs.get(i), ((TfFeed) feeds.get(i)).tensor());
    }
    updates.forEach(runner::addTarget);
    return runner;
  }

  @Override
  public List<NdArray<?>> call(List<Feed> feeds) {
    Session.Runner runner = runner(feeds);
    fetches.forEach(runner::fetch);
    try (Result result = runner.run()) {
      List<NdArray<?>> values = new ArrayList<>(outputs.size());
      for (int i = 0; i < outputs.size(); i++) {
        values.add(Tensors.toNdArray(result.get(fetchOf[i])));
      }
      return values;
    } catch (TFInvalidArgumentException e) {
      throw invalidArgument(e);
    } catch (org.tensorflow.exceptions.TFOutOfRangeException e) {
      throw endOfData(e);
    } catch (TensorFlowException e) {
      throw dataLossOrState(e);
    }
  }

  @Override
  public void run(List<Feed> feeds) {
    try (Result ignored = runner(feeds).run()) {
      // Updates only.
    } catch (TFInvalidArgumentException e) {
      throw invalidArgument(e);
    } catch (org.tensorflow.exceptions.TFOutOfRangeException e) {
      throw endOfData(e);
    } catch (TensorFlowException e) {
      throw dataLossOrState(e);
    }
  }

  private static final java.util.regex.Pattern DAMAGE =
      java.util.regex.Pattern.compile("(corrupted|truncated) record at (\\d+)");

  /** A reader's data loss (a damaged record file) as a {@link DataLossException}, any other error an {@link IllegalStateException}. */
  private static RuntimeException dataLossOrState(TensorFlowException e) {
    String message = ErrorMessages.clean(e);
    RuntimeException peer = dev.jkeras.backend.tensorflow.cluster.TfCluster.peerFailure(message, e);
    if (peer != null) {
      return peer;
    }
    if (message.contains("corrupted record at")
        || message.contains("truncated record at")) {
      var damage = DAMAGE.matcher(message);
      return new dev.jkeras.backend.data.DataLossException(message, damage.find() ? Long.parseLong(damage.group(2)) : -1,
          e);
    }
    return new IllegalStateException(message, e);
  }

  /** TensorFlow's image decoders' complaints about a file's bytes (DecodeImage, DecodePng, DecodeJpeg, ...). */
  private static final java.util.regex.Pattern DAMAGED_IMAGE = java.util.regex.Pattern.compile(
      "Invalid (PNG|JPEG|GIF|BMP)|jpeg::Uncompress failed|Failed to (decode|initialize)|Unknown image file format");

  /**
   * An image decoder's failure as a {@link dev.jkeras.backend.data.DataLossException} (a damaged
   * file the caller may name), any other invalid argument as an {@link IllegalArgumentException}.
   */
  private static RuntimeException invalidArgument(TFInvalidArgumentException e) {
    String message = ErrorMessages.clean(e);
    RuntimeException peer = dev.jkeras.backend.tensorflow.cluster.TfCluster.peerFailure(message, e);
    if (peer != null) {
      return peer;
    }
    if (DAMAGED_IMAGE.matcher(message).find()) {
      return new dev.jkeras.backend.data.DataLossException(message, -1, e);
    }
    return new IllegalArgumentException(message, e);
  }

  /** An iterator's end of sequence as jkeras's end of data; other out-of-range errors stay {@link IllegalStateException}s. */
  private static RuntimeException endOfData(org.tensorflow.exceptions.TFOutOfRangeException e) {
    String message = ErrorMessages.clean(e);
    if (message.contains("End of sequence")) {
      var end = new dev.jkeras.backend.data.EndOfDataException(message);
      end.initCause(e);
      return end;
    }
    return new IllegalStateException(message, e);
  }
}
