package dev.jkeras.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pieces of the protocol-buffers wire format the Example protos need: varints, packed
 * floats and int64s, and length-delimited fields (bytes, strings, nested messages).
 */
final class ProtoWriter {
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  void bytesField(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
  }

  void stringField(int field, String value) {
    bytesField(field, value.getBytes(StandardCharsets.UTF_8));
  }

  void messageField(int field, ProtoWriter message) {
    bytesField(field, message.toByteArray());
  }

  void packedFloats(int field, float[] values) {
    if (values.length == 0) {
      return;
    }
    tag(field, LENGTH_DELIMITED);
    varint(4L * values.length);
    for (float v : values) {
      int bits = Float.floatToRawIntBits(v);
      for (int i = 0; i < 4; i++) {
        out.write(bits >>> (8 * i));
      }
    }
  }

  void packedInt64s(int field, long[] values) {
    if (values.length == 0) {
      return;
    }
    ProtoWriter packed = new ProtoWriter();
    for (long v : values) {
      packed.varint(v);
    }
    bytesField(field, packed.toByteArray());
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
