package dev.jkeras.backend.tensorflow.data;

import dev.jkeras.CorruptRecordException;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import dev.jkeras.backend.tensorflow.TfOperands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Reads TFRecord files with TensorFlow's own kernel ({@code TFRecordDatasetV2}, batched, through an
 * iterator in a graph of its own), and translates TensorFlow's data-loss errors into {@link
 * CorruptRecordException}s naming the file and the offset TensorFlow reports.
 */
public final class TfRecordFiles {
  /** TensorFlow's record reader says {@code corrupted record at N} or {@code truncated record at N}. */
  private static final Pattern DAMAGE = Pattern.compile("(corrupted|truncated) record at (\\d+)");
  private static final Set<String> COMPRESSIONS = Set.of("", "GZIP", "ZLIB");
  private static final long BUFFER_BYTES = 256 * 1024;
  private static final long BATCH = 256;

  private TfRecordFiles() {}

  /** The TFRecordDataset op over {@code filenames} in {@code tf}'s context: the source a Dataset starts from. */
  @SuppressWarnings("unchecked")
  public static Operand<? extends TType> dataset(Ops tf, Operand<TString> filenames, String compression) {
    return dataset(tf, filenames, compression, BUFFER_BYTES);
  }

  /** As {@link #dataset(Ops, Operand, String)} with a read buffer of {@code bufferBytes}. */
  public static Operand<? extends TType> dataset(Ops tf, Operand<TString> filenames, String compression,
      long bufferBytes) {
    checkCompression(compression);
    if (bufferBytes <= 0) {
      throw new IllegalArgumentException("The read buffer size must be positive, got " + bufferBytes);
    }
    // TensorFlow's first version of the op: TFRecordDatasetV2 (what tf.data.tfRecordDataset builds) is written
    // back with 3 of its 4 inputs when TensorFlow 2.18 serializes the dataset for its default rewrites at
    // iterator creation, and then cannot be rebuilt. Version 1 reads the same files.
    Operation op = tf.scope().opBuilder("TFRecordDataset", "TFRecordDataset")
        .addInput(filenames.asOutput())
        .addInput(tf.constant(compression).asOutput())
        .addInput(tf.constant(bufferBytes).asOutput())
        .build();
    return (Operand<? extends TType>) op.output(0);
  }

  /**
   * Every record of {@code file}, in order.
   *
   * @throws CorruptRecordException if TensorFlow finds a bad checksum or a truncated record
   * @throws IllegalArgumentException if the file is missing or unreadable, or the compression is unknown
   */
  public static List<byte[]> readAll(Path file, String compression) {
    checkCompression(compression);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("No TFRecord file at " + file.toAbsolutePath()
          + (Files.isDirectory(file) ? " (it is a directory)" : "") + "; check the path");
    }
    List<byte[]> records = new ArrayList<>();
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<Class<? extends TType>> types = List.of(TString.class);
      List<Shape> shapes = List.of(Shape.of(-1));
      var source = dataset(tf, TfOperands.stringVector(tf, List.of(file.toString())), compression);
      var batches = tf.data.batchDataset(source, tf.constant(BATCH), tf.constant(false), types, shapes);
      Iterator iterator = tf.data.iterator("", "", types, shapes);
      var init = tf.data.makeIterator(batches, iterator);
      IteratorGetNext next = tf.data.iteratorGetNext(iterator, types, shapes);
      session.runner().addTarget(init).run();
      while (true) {
        try (Result result = session.runner().fetch(next.components().get(0)).run()) {
          ((TString) result.get(0)).asBytes().scalars().forEach(s -> records.add(s.getObject()));
        } catch (TFOutOfRangeException end) {
          return records;
        }
      }
    } catch (TensorFlowException e) {
      throw translate(file, e);
    }
  }

  /** TensorFlow's error reading {@code file} in jkeras's terms. */
  public static RuntimeException translate(Path file, TensorFlowException e) {
    String message = ErrorMessages.clean(e);
    Matcher damage = DAMAGE.matcher(message);
    if (damage.find()) {
      String problem = damage.group(1).equals("corrupted")
          ? "TensorFlow's reader found a checksum that does not match (" + message + ")"
          : "TensorFlow's reader found the record cut short (" + message + ")";
      return new CorruptRecordException(file, Long.parseLong(damage.group(2)), problem, e);
    }
    return new IllegalArgumentException("TensorFlow could not read the TFRecord file " + file + ": "
        + ErrorMessages.headline(e) + ". Check that it is a TFRecord file and that its compression is the one given", e);
  }

  static void checkCompression(String compression) {
    if (!COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException("Unknown TFRecord compression '" + compression
          + "'; TensorFlow knows \"\" (none), \"GZIP\" and \"ZLIB\"");
    }
  }
}
