package dev.jkeras.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the protocol-buffers wire format of the Example protos from a byte array, refusing anything
 * malformed (a varint over 10 bytes, a length past the end, group wire types) with an {@link
 * IllegalArgumentException} naming the byte offset; unknown fields are skipped, as proto parsers do.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] bytes;
  private final int end;
  private final int base;
  private int position;

  ProtoReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private ProtoReader(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.base = from;
    this.position = from;
    this.end = to;
  }

  boolean hasMore() {
    return position < end;
  }

  /** The next field's tag: field number {@code << 3 |} wire type. */
  int tag() {
    long tag = varint();
    if (tag >>> 32 != 0 || (tag >>> 3) == 0) {
      throw malformed("a field number of 0 or beyond 32 bits");
    }
    return (int) tag;
  }

  long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= end) {
        throw malformed("a varint cut short");
      }
      byte b = bytes[position++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("a varint longer than 10 bytes");
  }

  /** The bytes of a length-delimited field, as a reader of its own. */
  ProtoReader message() {
    int length = length();
    ProtoReader inner = new ProtoReader(bytes, position, position + length);
    position += length;
    return inner;
  }

  byte[] bytesField() {
    int length = length();
    byte[] out = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return out;
  }

  float fixed32Float() {
    require(4);
    float v = ByteBuffer.wrap(bytes, position, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    position += 4;
    return v;
  }

  /** Skips a field of {@code wireType}. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> {
        require(8);
        position += 8;
      }
      case LENGTH_DELIMITED -> position += length();
      case FIXED32 -> {
        require(4);
        position += 4;
      }
      default -> throw malformed("wire type " + wireType + ", which the Example protos do not use");
    }
  }

  private int length() {
    long length = varint();
    if (length < 0 || length > end - position) {
      throw malformed("a length of " + length + " bytes where " + (end - position) + " remain");
    }
    return (int) length;
  }

  private void require(int n) {
    if (end - position < n) {
      throw malformed("a " + n + "-byte value cut short");
    }
  }

  /** The offset within the whole serialized message. */
  int offset() {
    return position;
  }

  IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("Not a valid serialized proto: " + what + " at byte " + position
        + (base == 0 ? "" : " (in a field starting at byte " + base + ")"));
  }
}
