package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Layers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Integers read from a file are exact and in range, or refused with the key, the value and the range. */
class ConfigTest {
  private static Config config(String json) {
    return new Config("Dense", Json.parse(json, "test"));
  }

  @Test
  void unitsOfTwoToThe32PlusSixteenAreRefusedNotWrappedToSixteen() {
    var e = assertThrows(IllegalArgumentException.class, () -> config("{\"units\": 4294967312}").getInt("units", 1));
    assertTrue(e.getMessage().contains("'units' = 4294967312") && e.getMessage().contains("2147483647"),
        e.getMessage());
    var dense = Json.parse("{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": "
        + "{\"name\": \"d\", \"units\": 4294967312}, \"registered_name\": null}", "test");
    var loaded = assertThrows(IllegalArgumentException.class, () -> Layers.deserialize(dense));
    assertTrue(loaded.getMessage().contains("4294967312"), loaded.getMessage());
  }

  @Test
  void twoToThe31IsNamedAsItIsWritten() {
    var e = assertThrows(IllegalArgumentException.class, () -> config("{\"units\": 2147483648}").getInt("units", 1));
    assertTrue(e.getMessage().contains("'units' = 2147483648") && e.getMessage().contains("out of range"),
        e.getMessage());
    assertEquals(2147483647, config("{\"units\": 2147483647}").getInt("units", 1));
    assertEquals(16, config("{\"units\": 16.0}").getInt("units", 1));
  }

  @Test
  void fractionsAndHugeDoublesAreNotIntegers() {
    assertThrows(IllegalArgumentException.class, () -> config("{\"units\": 2.5}").getInt("units", 1));
    var e = assertThrows(IllegalArgumentException.class, () -> config("{\"units\": 1e30}").getLong("units", 1));
    assertTrue(e.getMessage().contains("1000000000000000019884624838656"), e.getMessage());
  }

  @Test
  void aBatchShapeOfTenToThe12IsRefusedWithItsValue() {
    Config input = config("{\"batch_shape\": [null, 1e12]}");
    var e = assertThrows(IllegalArgumentException.class, () -> input.getIntArray("batch_shape"));
    assertTrue(e.getMessage().contains("[null, 1000000000000]") && e.getMessage().contains("out of range"),
        e.getMessage());
    var shape = assertThrows(IllegalArgumentException.class,
        () -> Shapes.fromJson(Json.parse("{\"s\": [null, 1e12]}", "test").get("s")));
    assertTrue(shape.getMessage().contains("1000000000000") && shape.getMessage().contains("2147483647"),
        shape.getMessage());
    assertArrayEquals(new int[] {-1, 8}, config("{\"batch_shape\": [null, 8]}").getIntArray("batch_shape"));
    Map<String, Object> saved = Json.parse("{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", "
        + "\"config\": {\"name\": \"in\", \"batch_shape\": [null, 1e12]}, \"registered_name\": null}", "test");
    var layer = assertThrows(IllegalArgumentException.class, () -> Layers.deserialize(saved));
    assertTrue(layer.getMessage().contains("1000000000000"), layer.getMessage());
  }
}
