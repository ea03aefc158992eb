package dev.jkeras.data;

import dev.jkeras.DType;
import java.util.Objects;

/**
 * One column read from a CSV file: its name, its 0-based position in the file's lines, its type, and
 * the value an empty field takes (null when the field must not be empty).
 */
public record CsvColumn(String name, int index, DType dtype, Object defaultValue) {
  public CsvColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
  }

  /** Whether an empty field is an error. */
  public boolean required() {
    return defaultValue == null;
  }
}
