package dev.jkeras.saving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/** Reads one zip entry into memory, never past a limit, checking the size and CRC-32 the zip declares. */
final class BoundedEntry {
  private BoundedEntry() {}

  /**
   * The bytes of {@code in}; {@code declaredSize} and {@code declaredCrc} are the zip directory's
   * values ({@code -1} when absent).
   */
  static byte[] read(InputStream in, String source, long declaredSize, long declaredCrc, long limit, String why)
      throws IOException {
    int initial = (int) Math.min(declaredSize >= 0 ? declaredSize : 1 << 16, 1 << 26);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 32));
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > limit) {
        throw KerasArchive.tooLarge(source, "inflates to more than " + limit + " bytes", limit, why);
      }
      if (declaredSize >= 0 && total > declaredSize) {
        throw new IllegalArgumentException(source + " is corrupt: it inflates to more than the " + declaredSize
            + " bytes its zip entry declares");
      }
      crc.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    if (declaredSize >= 0 && total != declaredSize) {
      throw new IllegalArgumentException(source + " is corrupt: it holds " + total + " bytes, but its zip entry "
          + "declares " + declaredSize + "; the file may be truncated");
    }
    if (declaredCrc >= 0 && crc.getValue() != declaredCrc) {
      throw new IllegalArgumentException(source + " is corrupt: its CRC-32 is " + Long.toHexString(crc.getValue())
          + ", but its zip entry declares " + Long.toHexString(declaredCrc) + " (a damaged byte); refusing to load it");
    }
    return out.toByteArray();
  }
}
