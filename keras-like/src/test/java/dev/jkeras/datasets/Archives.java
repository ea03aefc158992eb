package dev.jkeras.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds tar, tar.gz and zip archives in memory for tests, hostile ones included. */
final class Archives {
  private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

  /** Adds a tar entry: {@code type} '0' file, '5' directory, '2' symlink, '1' hard link, '3' device. */
  Archives entry(String name, char type, String linkName, byte[] data) {
    byte[] header = new byte[512];
    put(header, 0, name, 100);
    put(header, 100, "0000644", 8);
    put(header, 108, "0000000", 8);
    put(header, 116, "0000000", 8);
    put(header, 124, String.format("%011o", data.length), 12);
    put(header, 136, "00000000000", 12);
    header[156] = (byte) type;
    put(header, 157, linkName, 100);
    put(header, 257, "ustar", 6);
    put(header, 263, "00", 2);
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum), 7);
    tar.writeBytes(header);
    tar.writeBytes(data);
    tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    return this;
  }

  Archives file(String name, String text) {
    return entry(name, '0', "", text.getBytes(StandardCharsets.UTF_8));
  }

  Archives symlink(String name, String target) {
    return entry(name, '2', target, new byte[0]);
  }

  byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tar.toByteArray());
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  byte[] tarGz() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar());
    }
    return out.toByteArray();
  }

  static byte[] zip(String... namesAndTexts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndTexts.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndTexts[i]));
        zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static void put(byte[] header, int at, String value, int length) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, header, at, Math.min(bytes.length, length));
  }
}
