package dev.jkeras.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The entries of a tar stream (POSIX ustar, with GNU long names and pax {@code path}/{@code linkpath}/
 * {@code size} records), read one header at a time; the caller reads each entry's data with {@link
 * #data()} before moving on. Headers whose checksum fails are refused, so a file that is not a tar
 * archive is never read as one.
 */
final class TarEntries {
  private static final int BLOCK = 512;
  /** Pax and GNU long-name records larger than this are refused (a hostile header could claim any size). */
  private static final long MAX_META_BYTES = 1 << 20;

  /** One entry: its path and link target ('/'-separated, as stored), its type flag and its data size. */
  record Entry(String name, char type, String linkName, long size) {
    boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }

    boolean isDirectory() {
      return type == '5';
    }

    boolean isSymlink() {
      return type == '2';
    }

    boolean isHardLink() {
      return type == '1';
    }
  }

  private final InputStream in;
  private long remaining;
  private long paddingAfter;
  private long offset;

  TarEntries(InputStream in) {
    this.in = in;
  }

  /** Whether {@code block} (512 bytes) is a tar header with a valid checksum. */
  static boolean isHeader(byte[] block) {
    if (block.length < BLOCK) {
      return false;
    }
    long stored;
    try {
      stored = octal(block, 148, 8);
    } catch (IOException e) {
      return false;
    }
    long unsigned = 0;
    for (int i = 0; i < BLOCK; i++) {
      unsigned += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
    }
    return stored == unsigned;
  }

  /** The next entry, or null at the end of the archive. */
  Entry next() throws IOException {
    in.skipNBytes(remaining + paddingAfter);
    offset += remaining + paddingAfter;
    remaining = 0;
    paddingAfter = 0;
    String longName = null;
    String longLink = null;
    String paxPath = null;
    String paxLink = null;
    long paxSize = -1;
    while (true) {
      byte[] header = in.readNBytes(BLOCK);
      long headerOffset = offset;
      offset += header.length;
      if (header.length == 0 || isZero(header)) {
        return null;
      }
      if (header.length < BLOCK) {
        throw new EOFException("the archive ends inside a header at byte " + headerOffset);
      }
      if (!isHeader(header)) {
        throw new IOException("the tar header at byte " + headerOffset + " fails its checksum");
      }
      char type = (char) (header[156] & 0xff);
      long size = size(header);
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        if (size > MAX_META_BYTES) {
          throw new IOException("the tar metadata record at byte " + headerOffset + " claims " + size + " bytes");
        }
        byte[] data = readData(size);
        if (type == 'L') {
          longName = cString(data, 0, data.length);
        } else if (type == 'K') {
          longLink = cString(data, 0, data.length);
        } else if (type == 'x') {
          for (String[] record : paxRecords(data)) {
            switch (record[0]) {
              case "path" -> paxPath = record[1];
              case "linkpath" -> paxLink = record[1];
              case "size" -> paxSize = Long.parseLong(record[1]);
              default -> { }
            }
          }
        }
        continue;
      }
      String name = paxPath != null ? paxPath : longName != null ? longName : ustarName(header);
      String link = paxLink != null ? paxLink : longLink != null ? longLink : cString(header, 157, 100);
      long entrySize = paxSize >= 0 ? paxSize : size;
      remaining = (type == '5' || type == '1' || type == '2') ? 0 : entrySize;
      paddingAfter = padding(remaining);
      return new Entry(name, type, link, remaining);
    }
  }

  /** The data of the entry last returned by {@link #next()}; reading it all is not required. */
  InputStream data() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new EOFException("the archive ends inside an entry's data");
        }
        remaining -= n;
        offset += n;
        return n;
      }
    };
  }

  private byte[] readData(long size) throws IOException {
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("the archive ends inside a metadata record");
    }
    offset += size;
    skipPadding(padding(size));
    return data;
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private void skipPadding(long bytes) throws IOException {
    in.skipNBytes(bytes);
    offset += bytes;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String ustarName(byte[] header) {
    String name = cString(header, 0, 100);
    boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static long size(byte[] header) throws IOException {
    if ((header[124] & 0x80) != 0) {
      long value = 0;
      for (int i = 125; i < 136; i++) {
        value = (value << 8) | (header[i] & 0xff);
        if (value < 0 || value > Long.MAX_VALUE >> 8) {
          throw new IOException("a tar entry claims a size beyond 2^63 bytes");
        }
      }
      return value;
    }
    return octal(header, 124, 12);
  }

  private static long octal(byte[] header, int from, int length) throws IOException {
    long value = 0;
    boolean digits = false;
    for (int i = from; i < from + length; i++) {
      int c = header[i] & 0xff;
      if (c == 0 || (c == ' ' && digits)) {
        break;
      }
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IOException("a tar header field holds '" + (char) c + "' where an octal digit belongs");
      }
      value = value * 8 + (c - '0');
      digits = true;
    }
    return value;
  }

  private static String cString(byte[] bytes, int from, int length) {
    int end = from;
    while (end < from + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
  }

  private static java.util.List<String[]> paxRecords(byte[] data) throws IOException {
    java.util.List<String[]> records = new java.util.ArrayList<>();
    int i = 0;
    while (i < data.length) {
      int space = i;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("a pax header record has no valid length");
      }
      if (length <= space - i || i + length > data.length) {
        throw new IOException("a pax header record claims a length past its header");
      }
      String record = new String(data, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.add(new String[] {record.substring(0, eq), record.substring(eq + 1)});
      }
      i += length;
    }
    return records;
  }
}
