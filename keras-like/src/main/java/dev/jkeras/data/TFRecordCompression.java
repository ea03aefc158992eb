package dev.jkeras.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * How a TFRecord file is compressed, as {@code tf.io.TFRecordOptions(compression_type)}: the whole
 * stream of records is compressed, so offsets in errors count uncompressed bytes.
 */
public enum TFRecordCompression {
  /** Plain records ({@code ""}). */
  NONE(""),
  /** A gzip stream ({@code "GZIP"}). */
  GZIP("GZIP"),
  /** A zlib stream ({@code "ZLIB"}). */
  ZLIB("ZLIB");

  private final String tfName;

  TFRecordCompression(String tfName) {
    this.tfName = tfName;
  }

  /** TensorFlow's name: {@code ""}, {@code "GZIP"} or {@code "ZLIB"}. */
  public String tfName() {
    return tfName;
  }

  /** The compression TensorFlow calls {@code name} ({@code ""}/{@code "NONE"}, {@code "GZIP"}, {@code "ZLIB"}, any case). */
  public static TFRecordCompression of(String name) {
    String wanted = name == null ? "" : name.strip().toUpperCase(java.util.Locale.ROOT);
    return switch (wanted) {
      case "", "NONE" -> NONE;
      case "GZIP" -> GZIP;
      case "ZLIB" -> ZLIB;
      default -> throw new IllegalArgumentException("Unknown TFRecord compression '" + name
          + "'; use \"\" (none), \"GZIP\" or \"ZLIB\"");
    };
  }

  OutputStream wrap(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, 1 << 16);
      case ZLIB -> new DeflaterOutputStream(out, new java.util.zip.Deflater(), 1 << 16);
    };
  }

  InputStream wrap(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case ZLIB -> new InflaterInputStream(in, new java.util.zip.Inflater(), 1 << 16);
    };
  }
}
