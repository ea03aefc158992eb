package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Loading {@code .keras} files written by Python Keras 3 (src/test/resources/keras-files). */
class KerasFilesTest {

  /** The Java port of the subclassed model the fixture was saved from (see the fixture's README). */
  @RegisterSerializable(packageName = "legacy_nested_container", name = "NestedDenseModel")
  static final class NestedDenseModel extends Model {
    private final int num;
    private final List<Dense> stack = new ArrayList<>();
    private final Dense out = new Dense(2);

    NestedDenseModel(int num) {
      this.num = num;
      for (int i = 0; i < num; i++) {
        stack.add(new Dense(4).useBias(false).name("d_" + i));
      }
    }

    public static NestedDenseModel fromConfig(Config config) {
      return new NestedDenseModel(config.getInt("num", 3));
    }

    @Override
    public java.util.Map<String, Object> getConfig() {
      var config = super.getConfig();
      config.put("num", num);
      return config;
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      KerasTensor x = inputs;
      for (Dense dense : stack) {
        x = dense.apply(x);
      }
      return out.apply(x);
    }
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(KerasFilesTest.class.getResource("/keras-files/" + name).toURI());
  }

  @Test
  void loadsASubclassedModelSavedByPythonKeras() throws Exception {
    Serialization.register(NestedDenseModel.class);
    try (Model model = Models.loadModel(fixture("pre_pr22362_nested_container.keras"))) {
      assertTrue(model instanceof NestedDenseModel);
      assertEquals("nested_dense_model", model.name());
      assertFalse(model.isCompiled(), "saved with an empty compile_config");
      List<String> names = model.layers().stream().map(l -> l.name()).toList();
      assertEquals(List.of("d_0", "d_1", "d_2"), names.subList(0, 3));
      assertTrue(names.get(3).matches("dense(_[0-9]+)?"), "an automatic name, numbered by earlier tests: " + names);
      FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 4));
      x.scalars().forEach(s -> s.setFloat(1f));
      FloatNdArray y = model.predict(x);
      // kernels 0.1, 0.2, 0.3 then 0.5 with bias 0: 4*0.1 -> 4*0.4*0.2 -> 4*0.32*0.3 -> 4*0.384*0.5
      assertEquals(0.768f, y.getFloat(0, 0), 1e-5);
      assertEquals(0.768f, y.getFloat(1, 1), 1e-5);
    }
  }

  @Test
  void unregisteredCustomClassesAreNotInstantiated() throws Exception {
    Path file = fixture("pre_pr22362_nested_container.keras");
    var config = new java.util.LinkedHashMap<String, Object>();
    config.put("module", null);
    config.put("class_name", "SomethingElse");
    config.put("config", java.util.Map.of());
    config.put("registered_name", "nowhere>SomethingElse");
    var e = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(config, Model.class));
    assertTrue(e.getMessage().contains("SomethingElse") && e.getMessage().contains("RegisterSerializable"),
        e.getMessage());
    assertTrue(file.toFile().isFile());
  }

  @Test
  void aClassNamedByAnUnregisteredConfigIsNeverInitialized() {
    var config = new java.util.LinkedHashMap<String, Object>();
    config.put("module", "dev.jkeras.saving");
    config.put("class_name", "StaticInitializerProbe");
    config.put("config", java.util.Map.of());
    config.put("registered_name", "Custom>StaticInitializerProbe");
    var e = assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(config, Model.class));
    assertTrue(e.getMessage().contains("StaticInitializerProbe"), e.getMessage());
    assertFalse(StaticInitializerProbe.ProbeFlag.FLAG.get(), "the unregistered class's static initializer ran");
  }
}
