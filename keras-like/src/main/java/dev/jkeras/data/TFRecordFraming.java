package dev.jkeras.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The TFRecord framing: each record is its length (uint64, little-endian), the masked CRC32C of those
 * 8 bytes (uint32), the data, and the masked CRC32C of the data (uint32).
 */
final class TFRecordFraming {
  static final int HEADER_BYTES = 12;
  static final int FOOTER_BYTES = 4;
  private static final int MASK_DELTA = 0xa282ead8;

  private TFRecordFraming() {}

  /** TensorFlow's masked CRC32C of {@code length} bytes of {@code data} from {@code offset}. */
  static int maskedCrc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  static byte[] header(long length) {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    return header.array();
  }

  static byte[] footer(byte[] data) {
    return ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(maskedCrc(data, 0, data.length)).array();
  }

  static long readLong(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  static int readInt(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
