package dev.jkeras.data;

import dev.jkeras.backend.TensorSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dataset's {@code element_spec}: the dtype and shape of each component ({@code None} where a
 * dimension varies, e.g. the batch dimension of a batch that may be short) and how they nest.
 */
public record ElementSpec(ElementStructure structure, List<TensorSpec> components) {

  public ElementSpec {
    components = List.copyOf(components);
    if (structure.size() != components.size()) {
      throw new IllegalArgumentException("A structure of " + structure.size() + " components given "
          + components.size() + " specs");
    }
  }

  /** The specs nested as the elements are: a {@link TensorSpec}, a {@code List} or a {@code Map}. */
  public Object nested() {
    return structure.pack(components);
  }

  @Override
  public String toString() {
    List<String> parts = components.stream()
        .map(s -> "TensorSpec(shape=" + s.shape() + ", dtype=" + s.dtype().kerasName() + ")")
        .collect(Collectors.toList());
    return String.valueOf(structure.pack(parts)).replace('[', '(').replace(']', ')');
  }
}
