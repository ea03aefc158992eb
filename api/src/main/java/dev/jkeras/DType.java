package dev.jkeras;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The element type of a tensor, named as Keras names it ({@code "float32"}, {@code "int64"}, ...). */
public enum DType {
  FLOAT32("float32", true),
  FLOAT64("float64", true),
  INT32("int32", false),
  INT64("int64", false),
  UINT8("uint8", false),
  BOOL("bool", false);

  private final String kerasName;
  private final boolean floating;

  DType(String kerasName, boolean floating) {
    this.kerasName = kerasName;
    this.floating = floating;
  }

  /** The dtype Keras calls {@code name}; an unknown name fails, listing the valid ones. */
  public static DType of(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    if (wanted.equals("float")) {
      return FLOAT32;
    }
    for (DType type : values()) {
      if (type.kerasName.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "Unknown dtype '" + name + "'. Valid dtypes: "
            + Arrays.stream(values()).map(DType::kerasName).collect(Collectors.joining(", ")));
  }

  /** The Keras name, e.g. {@code "float32"}. */
  public String kerasName() {
    return kerasName;
  }

  public boolean isFloating() {
    return floating;
  }

  @Override
  public String toString() {
    return kerasName;
  }
}
