package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** A {@code .keras} file is read bounded and checked: zip bombs and damaged bytes are refused. */
class KerasArchiveTest {
  @TempDir Path dir;

  private Map<String, byte[]> savedEntries(Model model) throws IOException {
    Path file = dir.resolve("saved.keras");
    model.save(file);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
      }
    }
    return entries;
  }

  private static Model smallModel() {
    return new Sequential(new Dense(3).inputShape(4), new Dense(2));
  }

  /** A zip of {@code entries}, stored (as Keras writes them) or deflated; {@code bomb} entries stream zeros. */
  private Path zip(String name, Map<String, byte[]> entries, boolean stored, String bomb, long bombBytes)
      throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.BEST_SPEED);
      for (var item : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(item.getKey());
        if (item.getKey().equals(bomb)) {
          zip.putNextEntry(entry);
          byte[] zeros = new byte[1 << 20];
          for (long written = 0; written < bombBytes; written += zeros.length) {
            zip.write(zeros);
          }
        } else {
          if (stored) {
            CRC32 crc = new CRC32();
            crc.update(item.getValue());
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(item.getValue().length);
            entry.setCrc(crc.getValue());
          }
          zip.putNextEntry(entry);
          zip.write(item.getValue());
        }
        zip.closeEntry();
      }
    }
    return file;
  }

  @Test
  void aConfigJsonBombIsRefusedBeforeItIsInflated() throws IOException {
    Map<String, byte[]> entries;
    try (Model model = smallModel()) {
      entries = savedEntries(model);
    }
    Path bomb = zip("config-bomb.keras", entries, false, KerasArchive.CONFIG, 80L << 20);
    assertTrue(Files.size(bomb) < (1 << 20), "a small file: " + Files.size(bomb));
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(bomb));
    assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("zip bomb"), e.getMessage());
  }

  @Test
  void aWeightsBombIsRefusedByTheSizeTheModelsWeightsImply() throws IOException {
    Map<String, byte[]> entries;
    try (Model model = smallModel()) {
      entries = savedEntries(model);
    }
    Path bomb = zip("weights-bomb.keras", entries, false, KerasArchive.WEIGHTS, 40L << 20);
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(bomb));
    assertTrue(e.getMessage().contains("model.weights.h5") && e.getMessage().contains("zip bomb")
        && e.getMessage().contains("what the model's weights can take"), e.getMessage());
  }

  @Test
  void anEntryInflatingPastTheSizeItDeclaresIsRefused() throws IOException {
    Map<String, byte[]> entries;
    try (Model model = smallModel()) {
      entries = savedEntries(model);
    }
    Path file = zip("lying.keras", entries, false, KerasArchive.WEIGHTS, 8L << 20);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int patched = 0;
    for (int i = bytes.length - 22; i >= 0; i--) {
      if (buffer.getInt(i) == 0x02014b50 && new String(bytes, i + 46, buffer.getShort(i + 28)).equals(
          KerasArchive.WEIGHTS)) {
        buffer.putInt(i + 24, 1000);
        patched++;
      }
    }
    assertEquals(1, patched);
    Files.write(file, bytes);
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file));
    assertTrue(e.getMessage().contains("inflates to more than the 1000 bytes"), e.getMessage());
  }

  @Test
  void aFlippedByteInTheWeightsIsRefusedByTheCrc() throws IOException {
    Map<String, byte[]> entries;
    float kernel00;
    try (Model model = smallModel()) {
      kernel00 = ((FloatNdArray) model.weights().get(0).read()).getFloat(0, 0);
      entries = savedEntries(model);
    }
    Path file = zip("stored.keras", entries, true, null, 0);
    try (Model intact = Models.loadModel(file)) {
      assertEquals(kernel00, ((FloatNdArray) intact.weights().get(0).read()).getFloat(0, 0));
    }
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(kernel00).array());
    assertTrue(at > 0, "the stored weights hold kernel[0][0]");
    bytes[at + 3] ^= 0x01;
    Files.write(file, bytes);
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file));
    assertTrue(e.getMessage().contains("model.weights.h5 is corrupt") && e.getMessage().contains("CRC-32"),
        e.getMessage());
  }

  @Test
  void savedFilesGetThePermissionsOfAnyNewFileUnderTheUmask() throws IOException {
    String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
    try (Model model = smallModel()) {
      model.save(dir.resolve("m.keras"));
      model.saveWeights(dir.resolve("m.weights.h5"));
    }
    assertEquals(plain, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("m.keras"))));
    assertEquals(plain, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("m.weights.h5"))));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
