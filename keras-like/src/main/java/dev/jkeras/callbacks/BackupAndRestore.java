package dev.jkeras.callbacks;

import dev.jkeras.backend.AtomicFiles;
import dev.jkeras.saving.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lets an interrupted {@code fit} resume, as Keras's {@code BackupAndRestore}: at each epoch end it
 * backs up the weights, the optimizer's state and the epoch count to {@code backupDir}; a later fit
 * with the same callback restores them and continues with the next epoch. The backup is deleted
 * when training finishes (unless {@code deleteCheckpoint(false)}).
 *
 * <p>Under a {@link dev.jkeras.distribution.DataParallel} of several workers, the chief alone backs
 * up and restores: when the fit starts, the other workers receive the chief's restored weights,
 * optimizer state and epoch, so their {@code backupDir} need not be shared.
 */
public class BackupAndRestore extends Callback {
  private static final String WEIGHTS = "latest.weights.h5";
  private static final String METADATA = "training_metadata.json";

  private final Path backupDir;
  private boolean deleteCheckpoint = true;

  public BackupAndRestore(String backupDir) {
    this(Path.of(backupDir));
  }

  public BackupAndRestore(Path backupDir) {
    this.backupDir = backupDir;
  }

  /** Whether to delete the backup once training finishes (default true). */
  public BackupAndRestore deleteCheckpoint(boolean deleteCheckpoint) {
    this.deleteCheckpoint = deleteCheckpoint;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    if (dev.jkeras.distribution.Distribution.skipsWriting("backups")) {
      return;
    }
    Path weights = backupDir.resolve(WEIGHTS);
    Path metadata = backupDir.resolve(METADATA);
    if (!Files.isRegularFile(weights) || !Files.isRegularFile(metadata)) {
      return;
    }
    Object epoch;
    try {
      epoch = Json.parse(Files.readString(metadata, StandardCharsets.UTF_8), metadata.toString()).get("epoch");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the backup " + metadata, e);
    }
    if (!(epoch instanceof Number finished)) {
      throw new IllegalArgumentException("The backup " + metadata + " has no epoch count; delete " + backupDir
          + " to start training afresh");
    }
    model().loadWeights(weights);
    model().resumeFromEpoch(finished.intValue());
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (dev.jkeras.distribution.Distribution.skipsWriting("backups")) {
      return;
    }
    try {
      Files.createDirectories(backupDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the backup directory " + backupDir, e);
    }
    // The weights first, then the count that says they are complete: a crash between the two
    // repeats one epoch from its backed-up start rather than skipping one.
    model().saveWeights(backupDir.resolve(WEIGHTS));
    AtomicFiles.write(backupDir.resolve(METADATA), staging ->
        Files.writeString(staging, Json.write(Map.of("epoch", epoch + 1)), StandardCharsets.UTF_8));
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (dev.jkeras.distribution.Distribution.skipsWriting("backups")) {
      return;
    }
    if (deleteCheckpoint && Files.isDirectory(backupDir)) {
      try (Stream<Path> files = Files.walk(backupDir)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not delete the backup " + backupDir, e);
      }
    }
  }
}
