package dev.jkeras.saving;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import java.util.Map;

/** JSON as Keras writes it: objects as ordered maps, integers as longs, {@code null} kept. */
public final class Json {
  private static final Gson GSON = new GsonBuilder()
      .serializeNulls()
      .serializeSpecialFloatingPointValues()
      .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
      .create();

  private Json() {}

  public static String write(Map<String, ?> object) {
    return GSON.toJson(object);
  }

  /** Parses a JSON object; {@code source} names the file in the error. */
  public static Map<String, Object> parse(String json, String source) {
    try {
      Map<String, Object> parsed = GSON.fromJson(json, new TypeToken<Map<String, Object>>() {}.getType());
      if (parsed == null) {
        throw new IllegalArgumentException(source + " is empty");
      }
      return parsed;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
