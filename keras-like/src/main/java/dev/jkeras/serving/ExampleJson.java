package dev.jkeras.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code examples} and {@code context} of a classify or regress request turned into serialized
 * {@code tf.Example} protos, feature by feature as TF Serving turns them: JSON strings and {@code b64}
 * objects into bytes lists, decimals into float lists, integers and booleans into int64 lists. The
 * context's features are merged into every example (serialized context, then example: protobuf merge).
 */
final class ExampleJson {
  private enum Kind { BYTES, FLOAT, INT64 }

  private ExampleJson() {}

  /** One serialized {@code tf.Example} per element of {@code examples}, each with {@code context} merged in. */
  static List<byte[]> serialized(List<?> examples, Object context) {
    byte[] shared = context == null ? new byte[0] : example(context);
    List<byte[]> out = new ArrayList<>();
    for (Object value : examples) {
      byte[] own = example(value);
      byte[] merged = new byte[shared.length + own.length];
      System.arraycopy(shared, 0, merged, 0, shared.length);
      System.arraycopy(own, 0, merged, shared.length, own.length);
      out.add(merged);
    }
    return out;
  }

  private static byte[] example(Object value) {
    if (!(value instanceof Map<?, ?> object)) {
      throw ServingException.invalid("Example must be JSON object but got JSON " + Json.typeName(value));
    }
    ByteArrayOutputStream features = new ByteArrayOutputStream();
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      String name = (String) entry.getKey();
      byte[] feature = feature(name, entry.getValue());
      ByteArrayOutputStream mapEntry = new ByteArrayOutputStream();
      bytesField(mapEntry, 1, name.getBytes(StandardCharsets.UTF_8));
      bytesField(mapEntry, 2, feature);
      bytesField(features, 1, mapEntry.toByteArray()); // Features.feature (map<string, Feature>)
    }
    ByteArrayOutputStream example = new ByteArrayOutputStream();
    bytesField(example, 1, features.toByteArray()); // Example.features
    return example.toByteArray();
  }

  private static byte[] feature(String name, Object content) {
    List<?> values = content instanceof List<?> list ? list : List.of(content);
    Kind kind = null;
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (Object value : values) {
      Kind own;
      if (value == Json.NULL || value instanceof List || (value instanceof Map && !TensorJson.isBase64Object(value))) {
        throw ServingException.invalid("Feature: " + name + " has element with unexpected JSON type: "
            + Json.typeName(value));
      } else if (value instanceof Boolean b) {
        own = Kind.INT64;
        check(name, kind, own);
        varint(list, b ? 1 : 0);
      } else if (value instanceof Map) {
        own = Kind.BYTES;
        check(name, kind, own);
        bytesField(list, 1, TensorJson.decodeBase64(value));
      } else if (value instanceof String s) {
        own = Kind.BYTES;
        check(name, kind, own);
        bytesField(list, 1, s.getBytes(StandardCharsets.UTF_8));
      } else {
        Json.Number number = (Json.Number) value;
        if (!number.integral() && !isBeyondInt64(number)) {
          own = Kind.FLOAT;
          check(name, kind, own);
          int bits = Float.floatToRawIntBits((float) number.value());
          for (int i = 0; i < 4; i++) {
            list.write(bits >>> (8 * i));
          }
        } else {
          own = Kind.INT64;
          check(name, kind, own);
          if (!number.integral()) {
            throw ServingException.invalid("Feature: " + name + " has uint64_t element. Only int64_t is supported.");
          }
          varint(list, number.asLong());
        }
      }
      kind = own;
    }
    ByteArrayOutputStream feature = new ByteArrayOutputStream();
    if (kind == null) {
      return feature.toByteArray(); // an empty list: a Feature with no kind set, as TF Serving makes it
    }
    byte[] payload = list.toByteArray();
    ByteArrayOutputStream typed = new ByteArrayOutputStream();
    if (kind == Kind.BYTES) {
      typed.writeBytes(payload); // BytesList.value, repeated bytes
    } else {
      bytesField(typed, 1, payload); // FloatList / Int64List .value, packed
    }
    int field = switch (kind) {
      case BYTES -> 1;
      case FLOAT -> 2;
      case INT64 -> 3;
    };
    bytesField(feature, field, typed.toByteArray());
    return feature.toByteArray();
  }

  /** An integer too large for int64 (rapidjson keeps it as uint64): TF Serving refuses it, not a float. */
  private static boolean isBeyondInt64(Json.Number number) {
    String text = number.text();
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static void check(String name, Kind kind, Kind wanted) {
    if (kind != null && kind != wanted) {
      throw ServingException.invalid("Unexpected element type in feature: " + name + " expecting type: "
          + kind.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
    varint(out, (field << 3) | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
